using System;
using System.Buffers.Binary;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using Common.Elf;

namespace Common.DumpFormats.Output
{
    /// <summary>
    /// How a format says in its own header that a file was cut short, as makedumpfile's
    /// check_and_modify_headers() marks it after ENOSPC: bits ORed into a 32-bit little-endian
    /// header word already on disk (the kdump status word, an ELF core's e_flags), so whatever
    /// else the word holds (the compression bits) stays. Each writer hands out its own marker
    /// with the <see cref="DiskFullException"/>; the sink only applies it.
    /// </summary>
    public sealed class IncompleteMarker
    {
        /// <summary>The marked word's size.</summary>
        public const int WordSize = 4;

        /// <summary>Bytes of an image's start that <see cref="ForImage"/> needs to recognise any of our formats' headers.</summary>
        public static int HeadSize => Math.Max(KdumpHeaderLayout.MaxHeaderSize, ElfClass.Elf64.HeaderSize);

        public IncompleteMarker(string field, long offset, uint bits)
        {
            if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
            Field = field;
            Offset = offset;
            Bits = bits;
        }

        /// <summary>The marked field, for messages ("ELF header (e_flags)").</summary>
        public string Field { get; }
        public long Offset { get; }
        public uint Bits { get; }

        /// <summary>Sets the marker's bits in <paramref name="word"/>, the <see cref="WordSize"/> bytes read from <see cref="Offset"/>.</summary>
        public void Apply(Span<byte> word) =>
            BinaryPrimitives.WriteUInt32LittleEndian(word, BinaryPrimitives.ReadUInt32LittleEndian(word) | Bits);

        /// <summary>
        /// The marker of the image whose first bytes are <paramref name="head"/> (a file rebuilt
        /// from a flattened stream, whose writer is not here to say): a kdump-compressed file in
        /// the layout its header shows, or an ELF core of its class; null when the bytes are
        /// neither (or too few to tell).
        /// </summary>
        public static IncompleteMarker? ForImage(ReadOnlySpan<byte> head)
        {
            if (ElfHeader.HasMagic(head) && head.Length > ElfConstants.ClassOffset)
            {
                ElfClass? cls = ElfClass.FromId(head[ElfConstants.ClassOffset]);
                return cls == null ? null : ElfCoreIncomplete.Marker(cls);
            }
            if (DiskDumpHeader.HasSignature(head))
                return DiskDumpHeader.LayoutOf(head)?.IncompleteMarker;
            return null;
        }
    }
}
