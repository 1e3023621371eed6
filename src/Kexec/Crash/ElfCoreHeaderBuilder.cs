using System;
using System.Collections.Generic;
using Common.Elf;
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
        public static byte[] Build(bool elf64, ushort machine, KernelCoreInfo info, RangeSet ram)
        {
            var phdrs = new List<ProgramHeader>();
            foreach (var note in info.Notes)
                phdrs.Add(new ProgramHeader
                {
                    Type = ElfConstants.PtNote,
                    Offset = note.Address,
                    PhysicalAddress = note.Address,
                    FileSize = note.Size,
                    MemorySize = note.Size,
                });
            if (elf64 && info.KernelText is { } text)
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
            foreach (var r in ram.Items)
            {
                ulong size = r.End - r.Start;
                phdrs.Add(new ProgramHeader
                {
                    Type = ElfConstants.PtLoad,
                    Flags = ElfConstants.PfR | ElfConstants.PfW | ElfConstants.PfX,
                    Offset = r.Start,
                    VirtualAddress = elf64 ? info.PageOffset + r.Start : unchecked((uint)(info.PageOffset + r.Start)),
                    PhysicalAddress = r.Start,
                    FileSize = size,
                    MemorySize = size,
                });
            }
            if (!elf64)
                foreach (var p in phdrs)
                    if (p.PhysicalAddress + p.MemorySize > 0x100000000UL)
                        throw new KexecException($"RAM at 0x{p.PhysicalAddress:x} is above 4 GiB: use --elf64-core-headers");
            if (phdrs.Count >= ElfConstants.PnXnum)
                throw new KexecException("too many memory ranges for an ELF core header");

            var header = new ElfHeader
            {
                Class = elf64 ? ElfConstants.ClassElf64 : ElfConstants.ClassElf32,
                Type = ElfConstants.TypeCore,
                Machine = machine,
                Version = ElfConstants.CurrentVersion,
                ProgramHeaderOffset = (ulong)(elf64 ? ElfConstants.Elf64HeaderSize : ElfConstants.Elf32HeaderSize),
                HeaderSize = (ushort)(elf64 ? ElfConstants.Elf64HeaderSize : ElfConstants.Elf32HeaderSize),
                ProgramHeaderEntrySize = (ushort)ProgramHeader.SizeFor(elf64),
                ProgramHeaderCount = (ushort)phdrs.Count,
            };
            int phsz = ProgramHeader.SizeFor(elf64);
            var bytes = new byte[header.Size + phdrs.Count * phsz];
            header.Write(bytes);
            for (int i = 0; i < phdrs.Count; i++)
                phdrs[i].Write(bytes.AsSpan(header.Size + i * phsz), elf64);
            return bytes;
        }
    }
}
