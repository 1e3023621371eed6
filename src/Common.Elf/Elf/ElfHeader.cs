using System;
using System.Buffers.Binary;

namespace Common.Elf
{
    /// <summary>
    /// The ELF file header (Elf32_Ehdr / Elf64_Ehdr, System V gABI chapter 4), little-endian only:
    /// every core and kernel these tools handle is x86.
    /// </summary>
    public sealed record ElfHeader
    {
        public byte Class { get; init; } = ElfConstants.ClassElf64;
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

        public bool Is64 => Class == ElfConstants.ClassElf64;
        public int Size => Is64 ? ElfConstants.Elf64HeaderSize : ElfConstants.Elf32HeaderSize;
        public int ExpectedPhdrSize => Is64 ? ElfConstants.Elf64PhdrSize : ElfConstants.Elf32PhdrSize;

        /// <summary>True when the bytes start with the ELF magic, whatever else they hold.</summary>
        public static bool HasMagic(ReadOnlySpan<byte> data) =>
            data.Length >= 4 && data[0] == 0x7f && data[1] == (byte)'E' && data[2] == (byte)'L' && data[3] == (byte)'F';

        public static ElfHeader Parse(ReadOnlySpan<byte> data)
        {
            if (!HasMagic(data))
                throw new ElfFormatException("not an ELF file (no \\x7fELF magic)");
            if (data.Length < ElfConstants.IdentSize)
                throw new ElfFormatException("ELF header truncated");
            byte cls = data[ElfConstants.ClassOffset];
            if (cls != ElfConstants.ClassElf32 && cls != ElfConstants.ClassElf64)
                throw new ElfFormatException($"unknown ELF class {cls}");
            if (data[5] != ElfConstants.DataLittleEndian)
                throw new ElfFormatException("big-endian ELF is not supported");
            int size = cls == ElfConstants.ClassElf64 ? ElfConstants.Elf64HeaderSize : ElfConstants.Elf32HeaderSize;
            if (data.Length < size)
                throw new ElfFormatException($"ELF header truncated: {data.Length} of {size} bytes");

            ElfHeader h;
            if (cls == ElfConstants.ClassElf64)
            {
                h = new ElfHeader
                {
                    Class = cls,
                    Type = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(16)),
                    Machine = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(18)),
                    Version = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(20)),
                    Entry = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(24)),
                    ProgramHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(32)),
                    SectionHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(40)),
                    Flags = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(ElfConstants.Elf64FlagsOffset)),
                    HeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(52)),
                    ProgramHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(54)),
                    ProgramHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(56)),
                    SectionHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(58)),
                    SectionHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(60)),
                    SectionNameIndex = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(62)),
                };
            }
            else
            {
                h = new ElfHeader
                {
                    Class = cls,
                    Type = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(16)),
                    Machine = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(18)),
                    Version = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(20)),
                    Entry = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(24)),
                    ProgramHeaderOffset = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(28)),
                    SectionHeaderOffset = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(32)),
                    Flags = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(ElfConstants.Elf32FlagsOffset)),
                    HeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(40)),
                    ProgramHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(42)),
                    ProgramHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(44)),
                    SectionHeaderEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(46)),
                    SectionHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(48)),
                    SectionNameIndex = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(50)),
                };
            }
            if (h.ProgramHeaderCount != 0 && h.ProgramHeaderEntrySize != h.ExpectedPhdrSize)
                throw new ElfFormatException($"program header entry size {h.ProgramHeaderEntrySize}, expected {h.ExpectedPhdrSize}");
            return h;
        }

        /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="dest"/>.</summary>
        public void Write(Span<byte> dest)
        {
            if (dest.Length < Size) throw new ArgumentException("buffer too small for ELF header", nameof(dest));
            dest.Slice(0, Size).Clear();
            dest[0] = 0x7f; dest[1] = (byte)'E'; dest[2] = (byte)'L'; dest[3] = (byte)'F';
            dest[4] = Class;
            dest[5] = ElfConstants.DataLittleEndian;
            dest[6] = ElfConstants.CurrentVersion;
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(16), Type);
            BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(18), Machine);
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(20), Version);
            if (Is64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(24), Entry);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(32), ProgramHeaderOffset);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(40), SectionHeaderOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(ElfConstants.Elf64FlagsOffset), Flags);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(52), (ushort)Size);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(54), ProgramHeaderEntrySize == 0 ? (ushort)ExpectedPhdrSize : ProgramHeaderEntrySize);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(56), ProgramHeaderCount);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(58), SectionHeaderEntrySize);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(60), SectionHeaderCount);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(62), SectionNameIndex);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(24), checked((uint)Entry));
                BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(28), checked((uint)ProgramHeaderOffset));
                BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(32), checked((uint)SectionHeaderOffset));
                BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(ElfConstants.Elf32FlagsOffset), Flags);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(40), (ushort)Size);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(42), ProgramHeaderEntrySize == 0 ? (ushort)ExpectedPhdrSize : ProgramHeaderEntrySize);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(44), ProgramHeaderCount);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(46), SectionHeaderEntrySize);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(48), SectionHeaderCount);
                BinaryPrimitives.WriteUInt16LittleEndian(dest.Slice(50), SectionNameIndex);
            }
        }
    }
}
