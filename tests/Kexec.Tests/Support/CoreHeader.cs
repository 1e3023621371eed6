using System;
using System.Collections.Generic;
using System.Linq;
using Common.Elf;

namespace Kexec.Tests.Support
{
    /// <summary>Reads an elfcorehdr segment back with Common.Elf, as fs/proc/vmcore.c would.</summary>
    internal sealed class CoreHeader
    {
        public CoreHeader(byte[] bytes)
        {
            Header = ElfHeader.Parse(bytes);
            int sz = Header.Class.ProgramHeaderSize;
            Phdrs = Enumerable.Range(0, Header.ProgramHeaderCount)
                .Select(i => ProgramHeader.Parse(bytes.AsSpan((int)Header.ProgramHeaderOffset + i * sz), Header.Class)).ToList();
        }

        public ElfHeader Header { get; }
        public List<ProgramHeader> Phdrs { get; }
        public IEnumerable<ProgramHeader> Notes => Phdrs.Where(p => p.IsNote);

        /// <summary>RAM loads (the kernel-text load lives in the __START_KERNEL_map window).</summary>
        public IEnumerable<ProgramHeader> RamLoads => Phdrs.Where(p => p.IsLoad && p.VirtualAddress < 0xffffffff80000000UL);
    }
}
