using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Common.Elf;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// Makes a variant of a real ELF64 core with other program headers: a PT_LOAD added (the
    /// kernel text of /proc/vmcore), a PT_LOAD cut in two, PT_LOADs reordered, direct-map virtual
    /// addresses. The copy is in the layout makedumpfile 1.7.2 reads (program headers right after
    /// the ELF header) and, as /proc/vmcore (fs/proc/vmcore.c), gives every PT_LOAD its own file
    /// bytes, in program-header order; the notes are copied as they are.
    /// </summary>
    internal sealed class CoreRewrite
    {
        private readonly string _from;
        private readonly ushort _machine;
        private readonly List<ProgramHeader> _notes;
        // Each load with the offset of its bytes in the source file.
        private readonly List<(ProgramHeader Header, ulong SourceOffset)> _loads;

        private CoreRewrite(string from, ushort machine, List<ProgramHeader> notes, List<(ProgramHeader, ulong)> loads)
        {
            _from = from;
            _machine = machine;
            _notes = notes;
            _loads = loads;
        }

        public static CoreRewrite From(string path)
        {
            ElfCoreFile core = ElfCoreFile.Read(path);
            Assert.True(core.Header.Is64, $"{path}: CoreRewrite makes ELF64 copies only");
            return new CoreRewrite(path, core.Header.Machine, core.ProgramHeaders.Where(p => p.IsNote).ToList(),
                core.Loads.Select(p => (p, p.Offset)).ToList());
        }

        public IReadOnlyList<ProgramHeader> Loads => _loads.Select(l => l.Header).ToList();

        /// <summary>A new PT_LOAD at <paramref name="index"/> over memory another PT_LOAD holds, with a copy of its bytes.</summary>
        public CoreRewrite Insert(int index, ulong vaddr, ulong paddr, ulong size)
        {
            var (holder, offset) = _loads.FirstOrDefault(l => l.Header.PhysicalAddress <= paddr && paddr + size <= l.Header.PhysicalAddress + l.Header.FileSize);
            Assert.True(holder != null, $"no PT_LOAD holds [0x{paddr:x}, 0x{paddr + size:x})");
            var load = new ProgramHeader
            {
                Type = ElfConstants.PtLoad,
                Flags = ElfConstants.PfR | ElfConstants.PfW | ElfConstants.PfX,
                VirtualAddress = vaddr,
                PhysicalAddress = paddr,
                FileSize = size,
                MemorySize = size,
            };
            _loads.Insert(index, (load, offset + (paddr - holder!.PhysicalAddress)));
            return this;
        }

        /// <summary>Cuts the PT_LOAD holding <paramref name="paddr"/> into two at that address.</summary>
        public CoreRewrite CutAt(ulong paddr)
        {
            int i = _loads.FindIndex(l => l.Header.PhysicalAddress < paddr && paddr < l.Header.PhysicalAddress + l.Header.FileSize);
            Assert.True(i >= 0, $"no PT_LOAD to cut at 0x{paddr:x}");
            var (h, off) = _loads[i];
            ulong d = paddr - h.PhysicalAddress;
            Assert.True(h.FileSize == h.MemorySize, "CutAt needs a PT_LOAD with all its bytes in the file");
            _loads[i] = (h with { FileSize = d, MemorySize = d }, off);
            _loads.Insert(i + 1, (h with { PhysicalAddress = paddr, VirtualAddress = h.VirtualAddress + d, FileSize = h.FileSize - d, MemorySize = h.MemorySize - d }, off + d));
            return this;
        }

        /// <summary>Moves the PT_LOAD at <paramref name="from"/> to <paramref name="to"/> in the table.</summary>
        public CoreRewrite Move(int from, int to)
        {
            var l = _loads[from];
            _loads.RemoveAt(from);
            _loads.Insert(to, l);
            return this;
        }

        /// <summary>Gives the PT_LOADs that are not kernel text the direct-map address PAGE_OFFSET + paddr, as /proc/vmcore's RAM loads have.</summary>
        public CoreRewrite DirectMap(ulong pageOffset)
        {
            for (int i = 0; i < _loads.Count; i++)
                if (_loads[i].Header.VirtualAddress < KernelTextMap)
                    _loads[i] = (_loads[i].Header with { VirtualAddress = pageOffset + _loads[i].Header.PhysicalAddress }, _loads[i].SourceOffset);
            return this;
        }

        /// <summary>__START_KERNEL_map (arch/x86/include/asm/page_64_types.h).</summary>
        public const ulong KernelTextMap = 0xffffffff80000000;

        public void Write(string to)
        {
            int count = _notes.Count + _loads.Count;
            ElfClass cls = ElfClass.Elf64;
            ulong at = (ulong)(cls.HeaderSize + cls.ProgramHeaderSize * count);
            var table = new List<ProgramHeader>();
            var copies = new List<(ulong From, ulong Size)>();
            foreach (ProgramHeader n in _notes)
            {
                table.Add(n with { Offset = at });
                copies.Add((n.Offset, n.FileSize));
                at += n.FileSize;
            }
            foreach (var (h, off) in _loads)
            {
                table.Add(h with { Offset = at });
                copies.Add((off, h.FileSize));
                at += h.FileSize;
            }
            var head = new byte[cls.HeaderSize + cls.ProgramHeaderSize * count];
            ElfHeader.WithProgramHeadersAfter(cls, ElfConstants.TypeCore, _machine, count).Write(head);
            for (int i = 0; i < table.Count; i++)
                table[i].Write(head.AsSpan(cls.HeaderSize + i * cls.ProgramHeaderSize), cls);
            using FileStream src = File.OpenRead(_from);
            using FileStream dst = File.Create(to);
            dst.Write(head, 0, head.Length);
            var buffer = new byte[1 << 20];
            foreach (var (from, size) in copies)
            {
                src.Position = (long)from;
                ulong left = size;
                while (left > 0)
                {
                    int n = src.Read(buffer, 0, (int)Math.Min(left, (ulong)buffer.Length));
                    Assert.True(n > 0, $"{_from} ends inside a segment at 0x{src.Position:x}");
                    dst.Write(buffer, 0, n);
                    left -= (ulong)n;
                }
            }
        }
    }
}
