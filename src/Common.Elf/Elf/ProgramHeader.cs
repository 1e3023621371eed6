using System;
using System.Buffers.Binary;

namespace Common.Elf
{
    /// <summary>One program header (Elf32_Phdr / Elf64_Phdr); <see cref="ElfClass"/> says where its fields lie.</summary>
    public sealed record ProgramHeader
    {
        public uint Type { get; init; }
        public uint Flags { get; init; }
        public ulong Offset { get; init; }
        public ulong VirtualAddress { get; init; }
        public ulong PhysicalAddress { get; init; }
        public ulong FileSize { get; init; }
        public ulong MemorySize { get; init; }
        public ulong Align { get; init; }

        public bool IsLoad => Type == ElfConstants.PtLoad;
        public bool IsNote => Type == ElfConstants.PtNote;

        public static ProgramHeader Parse(ReadOnlySpan<byte> data, ElfClass cls)
        {
            if (data.Length < cls.ProgramHeaderSize) throw new ElfFormatException("program header truncated");
            ElfClass.ProgramHeaderFields f = cls.ProgramHeader;
            return new ProgramHeader
            {
                Type = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(f.Type)),
                Flags = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(f.Flags)),
                Offset = cls.ReadWord(data, f.Offset),
                VirtualAddress = cls.ReadWord(data, f.VirtualAddress),
                PhysicalAddress = cls.ReadWord(data, f.PhysicalAddress),
                FileSize = cls.ReadWord(data, f.FileSize),
                MemorySize = cls.ReadWord(data, f.MemorySize),
                Align = cls.ReadWord(data, f.Align),
            };
        }

        /// <summary>Writes the header into the first <see cref="ElfClass.ProgramHeaderSize"/> bytes; a field too wide for ELF32 is an <see cref="ElfFormatException"/>.</summary>
        public void Write(Span<byte> dest, ElfClass cls)
        {
            if (dest.Length < cls.ProgramHeaderSize) throw new ArgumentException("buffer too small for program header", nameof(dest));
            ElfClass.ProgramHeaderFields f = cls.ProgramHeader;
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(f.Type), Type);
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(f.Flags), Flags);
            cls.WriteWord(dest, f.Offset, Offset, "p_offset");
            cls.WriteWord(dest, f.VirtualAddress, VirtualAddress, "p_vaddr");
            cls.WriteWord(dest, f.PhysicalAddress, PhysicalAddress, "p_paddr");
            cls.WriteWord(dest, f.FileSize, FileSize, "p_filesz");
            cls.WriteWord(dest, f.MemorySize, MemorySize, "p_memsz");
            cls.WriteWord(dest, f.Align, Align, "p_align");
        }
    }
}
