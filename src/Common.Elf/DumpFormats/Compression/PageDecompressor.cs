using System;
using System.IO;
using System.IO.Compression;
using Common.DumpFormats.Kdump;

namespace Common.DumpFormats.Compression
{
    /// <summary>Expands one stored page according to its page descriptor flags.</summary>
    public static class PageDecompressor
    {
        public static void Decompress(uint flags, ReadOnlySpan<byte> stored, Span<byte> page)
        {
            int n;
            if ((flags & KdumpConstants.CompressedZlib) != 0) n = Zlib(stored, page);
            else if ((flags & KdumpConstants.CompressedLzo) != 0) n = Lzo1x.Decompress(stored, page);
            else if ((flags & KdumpConstants.CompressedSnappy) != 0) n = Snappy(stored, page);
            else if ((flags & KdumpConstants.CompressedZstd) != 0) n = Zstd(stored, page);
            else
            {
                if (stored.Length != page.Length) throw new DumpFormatException($"uncompressed page of {stored.Length} bytes, expected {page.Length}");
                stored.CopyTo(page);
                return;
            }
            if (n != page.Length) throw new DumpFormatException($"{Name(flags)} page expands to {n} bytes, expected {page.Length}");
        }

        // The compression a descriptor names, in the order Decompress tests the flags.
        private static string Name(uint flags) =>
            (flags & KdumpConstants.CompressedZlib) != 0 ? "zlib" :
            (flags & KdumpConstants.CompressedLzo) != 0 ? "LZO" :
            (flags & KdumpConstants.CompressedSnappy) != 0 ? "snappy" : "zstd";

        private static int Zlib(ReadOnlySpan<byte> stored, Span<byte> page)
        {
            if (stored.Length < 6 || (stored[0] & 0x0f) != 8 || ((stored[0] << 8) | stored[1]) % 31 != 0)
                throw new DumpFormatException("zlib page has no valid zlib header");
            try
            {
                using var ms = new MemoryStream(stored.Slice(2).ToArray());
                using var inflate = new DeflateStream(ms, CompressionMode.Decompress);
                var tmp = new byte[page.Length + 1];
                int done = 0;
                while (done < tmp.Length)
                {
                    int r = inflate.Read(tmp, done, tmp.Length - done);
                    if (r <= 0) break;
                    done += r;
                }
                tmp.AsSpan(0, Math.Min(done, page.Length)).CopyTo(page);
                // RFC 1950 ends the stream with the Adler-32 of the data, big-endian: a damaged
                // page that still inflates to the right length is caught here.
                if (done == page.Length && stored.Length >= 6 &&
                    System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(stored.Slice(stored.Length - 4)) != Adler32.Of(page))
                    throw new DumpFormatException("zlib page fails its Adler-32 check");
                return done;
            }
            catch (InvalidDataException e)
            {
                throw new DumpFormatException("zlib page is corrupt: " + e.Message);
            }
        }

        private static int Snappy(ReadOnlySpan<byte> stored, Span<byte> page)
        {
            try
            {
                int len = Snappier.Snappy.GetUncompressedLength(stored);
                if (len != page.Length) return len;
                return Snappier.Snappy.Decompress(stored, page);
            }
            catch (Exception e) when (e is InvalidDataException || e is ArgumentException || e is IndexOutOfRangeException)
            {
                throw new DumpFormatException("snappy page is corrupt: " + e.Message);
            }
        }

        // A decompression context per thread: making one per page (a few hundred KiB of
        // tables) cost more than decoding the page.
        [ThreadStatic] private static ZstdSharp.Decompressor? _zstd;

        private static int Zstd(ReadOnlySpan<byte> stored, Span<byte> page)
        {
            try
            {
                return (_zstd ??= new ZstdSharp.Decompressor()).Unwrap(stored, page);
            }
            catch (Exception e) when (e is ZstdSharp.ZstdException || e is ArgumentException)
            {
                // Not reused after a failure: its state after a corrupt frame is not documented.
                _zstd?.Dispose();
                _zstd = null;
                throw new DumpFormatException("zstd page is corrupt: " + e.Message);
            }
        }
    }
}
