using System;
using System.IO.Hashing;

namespace Common.DumpFormats.Integrity
{
    /// <summary>The one place digests are computed (writer, reader and trailer alike).</summary>
    public static class BlockDigest
    {
        /// <summary>
        /// Digest of block <paramref name="index"/> of an image: seeding with the index makes a
        /// block copied to another place of the file (a misdirected write) mismatch too.
        /// </summary>
        public static void Compute(DigestParameters p, long index, ReadOnlySpan<byte> block, Span<byte> digest)
        {
            if (p.Algorithm != DigestAlgorithm.Xxh3_128) throw new ArgumentException($"digest algorithm {(uint)p.Algorithm} is not known", nameof(p));
            XxHash128.Hash(block, digest.Slice(0, DigestParameters.DigestSize), index);
        }

        /// <summary>Digest of the trailer itself (its digests, then its footer up to the trailer digest field), seed -1.</summary>
        public static void ComputeTrailer(ReadOnlySpan<byte> digests, ReadOnlySpan<byte> footerHead, Span<byte> digest)
        {
            var h = new XxHash128(-1);
            h.Append(digests);
            h.Append(footerHead);
            h.GetCurrentHash(digest.Slice(0, DigestParameters.DigestSize));
        }
    }
}
