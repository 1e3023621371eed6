using System;
using System.Buffers.Binary;
using System.Text;

namespace Common.DumpFormats.Integrity
{
    /// <summary>
    /// The digest trailer our makedumpfile appends to every image (layout: docs/makedumpfile.md,
    /// "Image digests"): one digest per block of <see cref="DigestParameters.BlockSize"/> bytes of
    /// everything before the trailer, then a 56-byte footer that ends the file. Readers of the
    /// formats (makedumpfile 1.7, crash, libkdumpfile, drgn) never read past the last byte a
    /// header or descriptor points to, so they ignore it. All numbers little-endian.
    /// </summary>
    public sealed class DigestTrailer
    {
        public const string Magic = "KJDIGEST";
        public const uint Version = 1;

        // Footer fields, offsets from the footer's start.
        public const int MagicOffset = 0;          // 8 bytes, "KJDIGEST"
        public const int VersionOffset = 8;        // u32, 1
        public const int AlgorithmOffset = 12;     // u32, DigestAlgorithm
        public const int BlockSizeOffset = 16;     // u32, bytes per digested block
        public const int ReservedOffset = 20;      // u32, 0
        public const int CoveredLengthOffset = 24; // u64, bytes digested = offset of the trailer
        public const int DigestCountOffset = 32;   // u64, = ceil(covered length / block size)
        public const int TrailerDigestOffset = 40; // 16 bytes, digest of the digests and footer bytes 0-39
        public const int FooterSize = 56;

        private DigestTrailer(DigestParameters parameters, long coveredLength, byte[] digests)
        {
            Parameters = parameters;
            CoveredLength = coveredLength;
            Digests = digests;
        }

        public DigestParameters Parameters { get; }
        /// <summary>Bytes of the image the digests cover: everything before the trailer.</summary>
        public long CoveredLength { get; }
        /// <summary>The block digests, <see cref="DigestParameters.DigestSize"/> bytes each, block 0 first.</summary>
        public byte[] Digests { get; }
        public long BlockCount => Digests.Length / DigestParameters.DigestSize;
        /// <summary>Bytes of the trailer, digests and footer.</summary>
        public long Size => Digests.Length + FooterSize;

        public static long BlockCountFor(long coveredLength, int blockSize) => (coveredLength + blockSize - 1) / blockSize;

        public ReadOnlySpan<byte> DigestOf(long block) => Digests.AsSpan(checked((int)(block * DigestParameters.DigestSize)), DigestParameters.DigestSize);

        /// <summary>The trailer's bytes, to write at offset <paramref name="coveredLength"/>.</summary>
        public static byte[] Encode(DigestParameters p, long coveredLength, ReadOnlySpan<byte> digests)
        {
            long count = BlockCountFor(coveredLength, p.BlockSize);
            if (digests.Length != count * DigestParameters.DigestSize)
                throw new ArgumentException($"{digests.Length / DigestParameters.DigestSize} digests for {count} blocks", nameof(digests));
            var t = new byte[digests.Length + FooterSize];
            digests.CopyTo(t);
            Span<byte> f = t.AsSpan(digests.Length);
            Encoding.ASCII.GetBytes(Magic).CopyTo(f.Slice(MagicOffset));
            BinaryPrimitives.WriteUInt32LittleEndian(f.Slice(VersionOffset), Version);
            BinaryPrimitives.WriteUInt32LittleEndian(f.Slice(AlgorithmOffset), (uint)p.Algorithm);
            BinaryPrimitives.WriteUInt32LittleEndian(f.Slice(BlockSizeOffset), (uint)p.BlockSize);
            BinaryPrimitives.WriteUInt32LittleEndian(f.Slice(ReservedOffset), 0);
            BinaryPrimitives.WriteUInt64LittleEndian(f.Slice(CoveredLengthOffset), (ulong)coveredLength);
            BinaryPrimitives.WriteUInt64LittleEndian(f.Slice(DigestCountOffset), (ulong)count);
            BlockDigest.ComputeTrailer(digests, f.Slice(0, TrailerDigestOffset), f.Slice(TrailerDigestOffset));
            return t;
        }

        /// <summary>True when <paramref name="footer"/> (the last FooterSize bytes of a file) starts with the magic.</summary>
        public static bool HasMagic(ReadOnlySpan<byte> footer) =>
            footer.Length >= FooterSize && footer.Slice(MagicOffset, Magic.Length).SequenceEqual(Encoding.ASCII.GetBytes(Magic));

        /// <summary>
        /// Reads the trailer at the end of <paramref name="file"/>: null when the file does not end
        /// with a footer; throws <see cref="DumpFormatException"/> when it does but the footer or
        /// the digests are damaged. Memory is bounded by the file's real size (one digest per block).
        /// </summary>
        public static DigestTrailer? Read(PositionalFile file)
        {
            long length = file.Length;
            if (length < FooterSize) return null;
            var f = new byte[FooterSize];
            file.ReadExactly(length - FooterSize, f, "digest trailer footer");
            if (!HasMagic(f)) return null;
            uint version = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(VersionOffset));
            if (version != Version) throw new DumpFormatException($"digest trailer version {version} is not known (damaged, or written by a newer makedumpfile)");
            var p = new DigestParameters((DigestAlgorithm)BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(AlgorithmOffset)),
                (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(BlockSizeOffset)), int.MaxValue));
            string? problem = p.Problem();
            if (problem != null) throw new DumpFormatException("digest trailer is damaged: " + problem);
            ulong covered = BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(CoveredLengthOffset));
            ulong count = BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(DigestCountOffset));
            uint reserved = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(ReservedOffset));
            long room = length - FooterSize;
            // Both numbers must agree with the file's length and with each other.
            if (reserved != 0 || covered == 0 || count > (ulong)room / DigestParameters.DigestSize
                || covered != (ulong)(room - (long)count * DigestParameters.DigestSize)
                || count != (ulong)BlockCountFor((long)covered, p.BlockSize))
                throw new DumpFormatException($"digest trailer is damaged: it covers {covered} bytes in {count} blocks, which does not fit a file of {length} bytes");
            var digests = new byte[count * DigestParameters.DigestSize];
            file.ReadExactly((long)covered, digests, "digest trailer");
            Span<byte> own = stackalloc byte[DigestParameters.DigestSize];
            BlockDigest.ComputeTrailer(digests, f.AsSpan(0, TrailerDigestOffset), own);
            if (!own.SequenceEqual(f.AsSpan(TrailerDigestOffset, DigestParameters.DigestSize)))
                throw new DumpFormatException("digest trailer is damaged: its own digest does not match");
            return new DigestTrailer(p, (long)covered, digests);
        }
    }
}
