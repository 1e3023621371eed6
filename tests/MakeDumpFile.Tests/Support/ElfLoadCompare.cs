using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Common.Elf;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// Compares two -E outputs PT_LOAD by PT_LOAD: the same program headers in the same order
    /// (physical and virtual address, file and memory size; file offsets differ with the notes,
    /// ours carrying a KEXEC_JUMP note), and the same bytes in each. A PT_LOAD's file bytes are
    /// the physical pages it holds, so this is the set of pages each output keeps, per PT_LOAD,
    /// duplicated ones included.
    /// </summary>
    internal static class ElfLoadCompare
    {
        /// <summary>Asserts the PT_LOADs agree; returns how many pages the outputs hold.</summary>
        public static ulong AssertSameLoads(string expected, string actual, string what)
        {
            IReadOnlyList<ProgramHeader> e = ElfCoreFile.Read(expected).Loads, a = ElfCoreFile.Read(actual).Loads;
            for (int i = 0; i < Math.Min(e.Count, a.Count); i++)
            {
                ProgramHeader x = e[i], y = a[i];
                if (x.PhysicalAddress != y.PhysicalAddress || x.VirtualAddress != y.VirtualAddress || x.FileSize != y.FileSize || x.MemorySize != y.MemorySize)
                    Assert.Fail($"{what}: PT_LOAD {i} is {Describe(x)} in the expected output but {Describe(y)} in ours");
            }
            Assert.True(e.Count == a.Count, $"{what}: {e.Count} PT_LOADs expected, ours has {a.Count}");
            using FileStream fe = File.OpenRead(expected), fa = File.OpenRead(actual);
            var be = new byte[1 << 20];
            var ba = new byte[1 << 20];
            ulong bytes = 0;
            for (int i = 0; i < e.Count; i++)
            {
                fe.Position = (long)e[i].Offset;
                fa.Position = (long)a[i].Offset;
                for (ulong done = 0; done < e[i].FileSize;)
                {
                    int n = (int)Math.Min(e[i].FileSize - done, (ulong)be.Length);
                    ReadExactly(fe, be, n, expected);
                    ReadExactly(fa, ba, n, actual);
                    if (!be.AsSpan(0, n).SequenceEqual(ba.AsSpan(0, n)))
                    {
                        int at = 0;
                        while (be[at] == ba[at]) at++;
                        Assert.Fail($"{what}: PT_LOAD {i} differs at physical address 0x{e[i].PhysicalAddress + done + (ulong)at:x}");
                    }
                    done += (ulong)n;
                }
                bytes += e[i].FileSize;
            }
            return bytes / 4096;
        }

        /// <summary>Bytes an output holds of the PT_LOADs that start at or above <paramref name="paddr"/>.</summary>
        public static ulong FileBytesFrom(string path, ulong paddr) =>
            ElfCoreFile.Read(path).Loads.Where(l => l.PhysicalAddress >= paddr).Aggregate(0UL, (s, l) => s + l.FileSize);

        private static string Describe(ProgramHeader p) =>
            $"paddr 0x{p.PhysicalAddress:x} vaddr 0x{p.VirtualAddress:x} filesz 0x{p.FileSize:x} memsz 0x{p.MemorySize:x}";

        private static void ReadExactly(Stream s, byte[] buffer, int count, string path)
        {
            int got = 0;
            while (got < count)
            {
                int n = s.Read(buffer, got, count - got);
                Assert.True(n > 0, $"{path} ends inside a PT_LOAD");
                got += n;
            }
        }
    }
}
