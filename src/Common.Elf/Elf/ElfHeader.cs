using System;
using System.Buffers.Binary;

namespace Common.Elf
{
    /// <summary>
    /// The ELF file header (Elf32_Ehdr / Elf64_Ehdr, System V gABI chapter 4), little-endian only:
    /// every core and kernel these tools handle is x86. <see cref="ElfClass"/> says where its fields lie.
    /// </summary>
    public sealed record ElfHeader
    {
        public ElfClass Class { get; init; } = ElfClass.Elf64;
        public ushort Type { get; init; }
        public ushort Machine { get; init; }
        public uint Version { get; init; } = ElfConstants.CurrentVersion;
        public ulong Entry { get; init; }
        public ulong ProgramHeaderOffset { get; init; }
        public ulong SectionHeaderOffset { get; init; }
        public uint Flags { get; init; }
        public ushort HeaderSize { get; init; }
        public ushort ProgramHeaderEntrySize { get; init; }
        public ushort ProgramHeaderCount { get; init; }
        public ushort SectionHeaderEntrySize { get; init; }
        public ushort SectionHeaderCount { get; init; }
        public ushort SectionNameIndex { get; init; }

        public bool Is64 => Class.Is64;
        public int Size => Class.HeaderSize;

        /// <summary>A header of class <paramref name="cls"/> whose program header table follows it, as cores and the kexec core header lay it out.</summary>
        public static ElfHeader WithProgramHeadersAfter(ElfClass cls, ushort type, ushort machine, int count) => new()
        {
            Class = cls,
            Type = type,
            Machine = machine,
            HeaderSize = (ushort)cls.HeaderSize,
            ProgramHeaderOffset = (ulong)cls.HeaderSize,
            ProgramHeaderEntrySize = (ushort)cls.ProgramHeaderSize,
            ProgramHeaderCount = checked((ushort)count),
        };

        /// <summary>True when the bytes start with the ELF magic, whatever else they hold.</summary>
        public static bool HasMagic(ReadOnlySpan<byte> data) =>
            data.Length >= 4 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F';

        public static ElfHeader Parse(ReadOnlySpan<byte> data)
        {
            if (!HasMagic(data))
                throw new ElfFormatException("not an ELF file (no \\x7fELF magic)");
            if (data.Length < ElfConstants.IdentSize)
                throw new ElfFormatException("ELF header truncated");
            byte id = data[ElfConstants.ClassOffset];
            ElfClass cls = ElfClass.FromId(id) ?? throw new ElfFormatException($"unknown ELF class {id}");
            if (data[5] != ElfConstants.DataLittleEndian)
                throw new ElfFormatException("big-endian ELF is not supported");
            if (data.Length < cls.HeaderSize)
                throw new ElfFormatException($"ELF header truncated: {data.Length} of {cls.HeaderSize} bytes");

            int tail = cls.HeaderSizeOffset;
            var h = new ElfHeader
            {
                Class = cls,
                Type = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(16)),
                Machine = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(18)),
                Version = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(20)),
                Entry = cls.ReadWord(data, cls.EntryOffset),
                ProgramHeaderOffset = cls.ReadWord(data, cls.ProgramHeaderOffsetOffset),
                SectionHeaderOffset = cls.ReadWord(data, cls.SectionHeaderOffsetOffset),
                Flags = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(cls.FlagsOffset)),
                HeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(tail)),
                ProgramHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(tail + 2)),
                ProgramHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(tail + 4)),
                SectionHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(tail + 6)),
                SectionHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(tail + 8)),
                SectionNameIndex = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(tail + 10)),
            };
            if (h.ProgramHeaderCount != 0 && h.ProgramHeaderEntrySize != cls.ProgramHeaderSize)
                throw new ElfFormatException($"program header entry size {h.ProgramHeaderEntrySize}, expected {cls.ProgramHeaderSize}");
            return h;
        }

        /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="dest"/>.</summary>
        public void Write(Span<byte> dest)
        {
            ElfClass cls = Class;
            if (dest.Length < Size) throw new ArgumentException("buffer too small for ELF header", nameof(dest));
            dest.Slice(0, Size).Clear();
            dest[0] = 0x7f; dest[1] = (byte)'E'; dest[2] = (byte)'L'; dest[3] = (byte)'F';
            dest[ElfConstants.ClassOffset] = cls.Id;
            dest[5] = ElfConstants.DataLittleEndian;
            dest[6] = ElfConstants.CurrentVersion;
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(16), Type);
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(18), Machine);
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(20), Version);
            cls.WriteWord(dest, cls.EntryOffset, Entry, "e_entry");
            cls.WriteWord(dest, cls.ProgramHeaderOffsetOffset, ProgramHeaderOffset, "e_phoff");
            cls.WriteWord(dest, cls.SectionHeaderOffsetOffset, SectionHeaderOffset, "e_shoff");
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(cls.FlagsOffset), Flags);
            int tail = cls.HeaderSizeOffset;
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(tail), (ushort)Size);
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(tail + 2), ProgramHeaderEntrySize == 0 ? (ushort)cls.ProgramHeaderSize : ProgramHeaderEntrySize);
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(tail + 4), ProgramHeaderCount);
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(tail + 6), SectionHeaderEntrySize);
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(tail + 8), SectionHeaderCount);
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(tail + 10), SectionNameIndex);
        }
    }
}
