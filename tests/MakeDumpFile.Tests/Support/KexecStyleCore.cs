using System;
using System.IO;
using Common.Elf;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// A copy of a QEMU-style i386 core (PT_LOAD p_vaddr = p_paddr) with the virtual addresses
    /// the kernel's /proc/vmcore gives an i386 kdump kernel's lowmem (p_vaddr = PAGE_OFFSET +
    /// p_paddr below the end of lowmem): makedumpfile built for i386 translates kernel addresses
    /// through them, and through nothing else without a vmlinux. Another writer's core: no digests.
    /// </summary>
    internal static class KexecStyleCore
    {
        /// <summary>i386's PAGE_OFFSET with the default 3G/1G split (CONFIG_PAGE_OFFSET).</summary>
        public const ulong PageOffset = 0xc0000000;
        /// <summary>The end of lowmem with that split: 896 MiB.</summary>
        public const ulong LowmemEnd = 0x38000000;

        public static void WithLowmemVirtualAddresses(string from, string to)
        {
            File.WriteAllBytes(to, Digestless.Of(from));
            ElfCoreFile core = ElfCoreFile.Read(from);
            ElfClass cls = core.Header.Class;
            int size = cls.ProgramHeaderSize;
            var table = new byte[size * core.ProgramHeaders.Count];
            for (int i = 0; i < core.ProgramHeaders.Count; i++)
            {
                ProgramHeader p = core.ProgramHeaders[i];
                if (p.Type == ElfConstants.PtLoad && p.PhysicalAddress + p.MemorySize <= LowmemEnd)
                    p = p with { VirtualAddress = PageOffset + p.PhysicalAddress };
                p.Write(table.AsSpan(i * size, size), cls);
            }
            using FileStream f = File.OpenWrite(to);
            f.Seek((long)core.Header.ProgramHeaderOffset, SeekOrigin.Begin);
            f.Write(table);
        }
    }
}
