using System;
using System.Buffers.Binary;

namespace Common.Elf
{
    /// <summary>One program header (Elf32_Phdr / Elf64_Phdr). The two classes order the fields differently.</summary>
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

        public static int SizeFor(bool is64) => is64 ? ElfConstants.Elf64PhdrSize : ElfConstants.Elf32PhdrSize;

        public static ProgramHeader Parse(ReadOnlySpan<byte> data, bool is64)
        {
            int size = SizeFor(is64);
            if (data.Length < size) throw new ElfFormatException("program header truncated");
            if (is64)
            {
                return new ProgramHeader
                {
                    Type = BinaryPrimitives.ReadUInt32LittleEndian(data),
                    Flags = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4)),
                    Offset = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(8)),
                    VirtualAddress = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(16)),
                    PhysicalAddress = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(24)),
                    FileSize = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(32)),
                    MemorySize = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(40)),
                    Align = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(48)),
                };
            }
            return new ProgramHeader
            {
                Type = BinaryPrimitives.ReadUInt32LittleEndian(data),
                Offset = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4)),
                VirtualAddress = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(8)),
                PhysicalAddress = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(12)),
                FileSize = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(16)),
                MemorySize = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(20)),
                Flags = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(24)),
                Align = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(28)),
            };
        }

        public void Write(Span<byte> dest, bool is64)
        {
            if (dest.Length < SizeFor(is64)) throw new ArgumentException("buffer too small for program header", nameof(dest));
            if (is64)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(dest, Type);
                BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(4), Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(8), Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(16), VirtualAddress);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(24), PhysicalAddress);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(32), FileSize);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(40), MemorySize);
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(48), Align);
                return;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(dest, Type);
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(4), checked((uint)Offset));
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(8), unchecked((uint)VirtualAddress));
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(12), checked((uint)PhysicalAddress));
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(16), checked((uint)FileSize));
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(20), checked((uint)MemorySize));
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(24), Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(28), checked((uint)Align));
        }
    }
}
