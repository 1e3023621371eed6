using System;
using System.Buffers.Binary;

namespace Common.DumpFormats.Kdump
{
    /// <summary>page_desc_t (diskdump_mod.h): where a dumped page's bytes are and how they are stored.</summary>
    public readonly struct PageDescriptor
    {
        public PageDescriptor(long offset, uint size, uint flags, ulong pageFlags)
        {
            Offset = offset;
            Size = size;
            Flags = flags;
            PageFlags = pageFlags;
        }

        public long Offset { get; }
        public uint Size { get; }
        public uint Flags { get; }
        public ulong PageFlags { get; }

        public static PageDescriptor Parse(ReadOnlySpan<byte> d) => new PageDescriptor(
            BinaryPrimitives.ReadInt64LittleEndian(d),
            BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(8)),
            BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(12)),
            BinaryPrimitives.ReadUInt64LittleEndian(d.Slice(16)));

        public void Write(Span<byte> d)
        {
            BinaryPrimitives.WriteInt64LittleEndian(d, Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(8), Size);
            BinaryPrimitives.WriteUInt32LittleEndian(d.Slice(12), Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(d.Slice(16), PageFlags);
        }
    }
}
