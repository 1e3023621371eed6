using System;
using System.Collections.Generic;
using System.IO;
using Common.Elf;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// Writes small ELF64 x86_64 cores for the tests: target cores (PT_LOADs with no file bytes,
    /// like a header that only says which memory exists) and images built from pieces of real memory.
    /// </summary>
    internal sealed class CoreWriter
    {
        private readonly List<(ulong Paddr, ulong MemSize, byte[]? Data)> _loads = new List<(ulong, ulong, byte[]?)>();
        private readonly List<ElfNote> _notes = new List<ElfNote>();

        public CoreWriter Load(ulong paddr, ulong size, byte[]? data = null)
        {
            _loads.Add((paddr, size, data));
            return this;
        }

        public CoreWriter Note(ElfNote note)
        {
            _notes.Add(note);
            return this;
        }

        public CoreWriter Notes(IEnumerable<ElfNote> notes)
        {
            _notes.AddRange(notes);
            return this;
        }

        public CoreWriter VmcoreInfo(string text) => Note(new ElfNote("VMCOREINFO", 0, System.Text.Encoding.ASCII.GetBytes(text)));

        public void Write(string path)
        {
            int phnum = _loads.Count + 1;
            long noteOffset = ElfClass.Elf64.HeaderSize + (long)phnum * ElfClass.Elf64.ProgramHeaderSize;
            int noteSize = 0;
            foreach (ElfNote n in _notes) noteSize += n.EncodedSize;
            var noteBytes = new byte[noteSize];
            int at = 0;
            foreach (ElfNote n in _notes) at += n.Write(noteBytes.AsSpan(at));
            long dataOffset = (noteOffset + noteSize + 4095) & ~4095L;

            using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
            var ehdr = new byte[ElfClass.Elf64.HeaderSize];
            new ElfHeader
            {
                Type = ElfConstants.TypeCore,
                Machine = ElfConstants.MachineX86_64,
                HeaderSize = (ushort)ElfClass.Elf64.HeaderSize,
                ProgramHeaderOffset = (ulong)ElfClass.Elf64.HeaderSize,
                ProgramHeaderEntrySize = (ushort)ElfClass.Elf64.ProgramHeaderSize,
                ProgramHeaderCount = (ushort)phnum,
            }.Write(ehdr);
            f.Write(ehdr);
            var ph = new byte[ElfClass.Elf64.ProgramHeaderSize];
            new ProgramHeader { Type = ElfConstants.PtNote, Offset = (ulong)noteOffset, FileSize = (ulong)noteSize }.Write(ph, ElfClass.Elf64);
            f.Write(ph);
            long off = dataOffset;
            foreach ((ulong paddr, ulong memsz, byte[]? data) in _loads)
            {
                ulong filesz = data == null ? 0 : (ulong)data.Length;
                new ProgramHeader
                {
                    Type = ElfConstants.PtLoad, Flags = 7, Offset = data == null ? 0 : (ulong)off, PhysicalAddress = paddr,
                    VirtualAddress = paddr, FileSize = filesz, MemorySize = memsz, Align = 4096,
                }.Write(ph, ElfClass.Elf64);
                f.Write(ph);
                off += (long)filesz;
            }
            f.Write(noteBytes);
            f.Position = dataOffset;
            foreach ((_, _, byte[]? data) in _loads)
                if (data != null) f.Write(data);
        }
    }
}
