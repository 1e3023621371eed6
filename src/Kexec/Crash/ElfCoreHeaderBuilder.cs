using System;
using System.Collections.Generic;
using Common.Elf;
using Common.Memory;
using Kexec.Memory;

namespace Kexec.Crash
{
    /// <summary>
    /// Builds the ELF core header the new kernel finds at elfcorehdr= and turns into /proc/vmcore
    /// (fs/proc/vmcore.c, parse_crash_elf64_headers / parse_crash_elf32_headers): ET_CORE, one
    /// PT_NOTE per note area (CPU crash notes, VMCOREINFO), an optional kernel-text PT_LOAD, and
    /// one PT_LOAD per RAM range with p_offset = p_paddr, as kernel/crash_core.c's
    /// crash_prepare_elf64_headers lays it out.
    /// </summary>
    internal static class ElfCoreHeaderBuilder
    {
        /// <summary>
        /// The header for a segment at <paramref name="headerAddress"/>. Notes with a copy follow
        /// the program headers in the segment (8-byte aligned) and their PT_NOTE points there.
        /// </summary>
        public static byte[] Build(ElfClass cls, ushort machine, IReadOnlyList<CoreNote> notes, (ulong Virtual, ulong Physical, ulong Size)? kernelText,
                                   ulong pageOffset, RangeSet ram, ulong headerAddress)
        {
            int phsz = cls.ProgramHeaderSize;
            int ehsz = cls.HeaderSize;
            // The kernel-text PT_LOAD maps x86_64's __START_KERNEL_map; an ELF32 header is for i386, whose text lies in the linear map.
            bool withText = cls.Is64 && kernelText != null;
            int phnum = notes.Count + (withText ? 1 : 0) + ram.Ranges.Count;
            int copiesAt = Align8(ehsz + phnum * phsz);
            int copyBytes = 0;
            foreach (CoreNote n in notes)
                if (n.Copy != null) copyBytes += Align8(n.Copy.Length);
            var phdrs = new List<ProgramHeader>();
            int at = copiesAt;
            foreach (CoreNote note in notes)
            {
                ulong address = note.Address, size = note.Size;
                if (note.Copy != null)
                {
                    address = headerAddress + (ulong)at;
                    size = (ulong)note.Copy.Length;
                    at += Align8(note.Copy.Length);
                }
                phdrs.Add(new ProgramHeader
                {
                    Type = ElfConstants.PtNote,
                    Offset = address,
                    PhysicalAddress = address,
                    FileSize = size,
                    MemorySize = size,
                });
            }
            if (withText && kernelText is { } text)
                phdrs.Add(new ProgramHeader
                {
                    Type = ElfConstants.PtLoad,
                    Flags = ElfConstants.PfR | ElfConstants.PfW | ElfConstants.PfX,
                    Offset = text.Physical,
                    VirtualAddress = text.Virtual,
                    PhysicalAddress = text.Physical,
                    FileSize = text.Size,
                    MemorySize = text.Size,
                });
            foreach (var r in ram.Ranges)
            {
                ulong size = r.Length;
                phdrs.Add(new ProgramHeader
                {
                    Type = ElfConstants.PtLoad,
                    Flags = ElfConstants.PfR | ElfConstants.PfW | ElfConstants.PfX,
                    Offset = r.Start,
                    VirtualAddress = cls.Is64 ? pageOffset + r.Start : unchecked((uint)(pageOffset + r.Start)),
                    PhysicalAddress = r.Start,
                    FileSize = size,
                    MemorySize = size,
                });
            }
            if (!cls.Is64)
                foreach (var p in phdrs)
                    if (p.PhysicalAddress + p.MemorySize > 0x100000000UL)
                        throw new KexecException($"RAM at 0x{p.PhysicalAddress:x} is above 4 GiB: use --elf64-core-headers");
            if (phdrs.Count >= ElfConstants.PnXnum)
                throw new KexecException("too many memory ranges for an ELF core header");

            ElfHeader header = ElfHeader.WithProgramHeadersAfter(cls, ElfConstants.TypeCore, machine, phdrs.Count);
            var bytes = new byte[copyBytes > 0 ? copiesAt + copyBytes : ehsz + phdrs.Count * phsz];
            header.Write(bytes);
            for (int i = 0; i < phdrs.Count; i++)
                phdrs[i].Write(bytes.AsSpan(header.Size + i * phsz), cls);
            at = copiesAt;
            foreach (CoreNote note in notes)
            {
                if (note.Copy == null) continue;
                note.Copy.CopyTo(bytes, at);
                at += Align8(note.Copy.Length);
            }
            return bytes;
        }

        private static int Align8(int n) => (n + 7) & ~7;
    }
}
