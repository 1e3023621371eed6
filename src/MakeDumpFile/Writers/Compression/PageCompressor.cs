using System;
using System.IO;
using System.IO.Compression;
using Common.DumpFormats.Compression;
using Common.DumpFormats.Kdump;

namespace MakeDumpFile.Writers.Compression
{
    /// <summary>
    /// Compresses pages one at a time for one thread (each worker owns one), and returns the
    /// page descriptor flag that says how. A page that does not shrink is stored as is, as
    /// makedumpfile does.
    /// </summary>
    public sealed class PageCompressor : IDisposable
    {
        private readonly PageCompression _kind;
        private readonly int _pageSize;
        private readonly MemoryStream _zlibBuffer;
        private readonly int[] _lzoHash = new int[1 << 14];
        private readonly ZstdSharp.Compressor? _zstd;
        private readonly CompressionTuning _tuning;

        public PageCompressor(PageCompression kind, int pageSize, CompressionTuning? tuning = null)
        {
            _kind = kind;
            _pageSize = pageSize;
            _tuning = tuning ?? CompressionTuning.Default;
            _zlibBuffer = new MemoryStream(pageSize * 2);
            if (kind == PageCompression.Zstd) _zstd = new ZstdSharp.Compressor(_tuning.ZstdLevel);
        }

        public static int MaxOutput(int pageSize) => Math.Max(Lzo1xCompressor.MaxCompressedLength(pageSize), pageSize * 2 + 1024);

        public static uint FlagFor(PageCompression kind) => kind switch
        {
            PageCompression.Zlib => KdumpConstants.CompressedZlib,
            PageCompression.Lzo => KdumpConstants.CompressedLzo,
            PageCompression.Snappy => KdumpConstants.CompressedSnappy,
            PageCompression.Zstd => KdumpConstants.CompressedZstd,
            _ => 0,
        };

        /// <summary>Compresses <paramref name="page"/> into <paramref name="output"/>; returns its length and flag, or (0, 0) when it stays raw.</summary>
        public int Compress(ReadOnlySpan<byte> page, Span<byte> output, out uint flag)
        {
            flag = 0;
            int n;
            switch (_kind)
            {
                case PageCompression.Zlib: n = CompressZlib(page, output); break;
                case PageCompression.Lzo: n = Lzo1xCompressor.Compress(page, output, _lzoHash); break;
                case PageCompression.Snappy: n = Snappier.Snappy.Compress(page, output); break;
                case PageCompression.Zstd: n = _zstd!.Wrap(page, output); break;
                default: return 0;
            }
            if (n <= 0 || n >= _pageSize) return 0;
            flag = FlagFor(_kind);
            return n;
        }

        // One zlib stream (RFC 1950) a page, as makedumpfile's compress2(): header, deflate data,
        // Adler-32 big-endian.
        private int CompressZlib(ReadOnlySpan<byte> page, Span<byte> output)
        {
            _zlibBuffer.SetLength(0);
#if NET9_0_OR_GREATER
            // zlib writes the header (its level bits included) and the Adler-32 itself.
            var options = new ZLibCompressionOptions { CompressionLevel = _tuning.ZlibLevel, CompressionStrategy = NetStrategy(_tuning.ZlibStrategy) };
            using (var zlib = new ZLibStream(_zlibBuffer, options, leaveOpen: true))
                zlib.Write(page);
#else
            // netstandard2.0 (Mono) has only raw deflate at "Fastest" or "Optimal": the header
            // and the Adler-32 are ours, and levels 2-9 mean "Optimal"; strategies other than the
            // default cannot be asked for there.
            _zlibBuffer.WriteByte(0x78);
            _zlibBuffer.WriteByte(0x01);
            var level = _tuning.ZlibLevel == 1 ? CompressionLevel.Fastest : CompressionLevel.Optimal;
            using (var deflate = new DeflateStream(_zlibBuffer, level, leaveOpen: true))
            {
                byte[] tmp = page.ToArray();
                deflate.Write(tmp, 0, tmp.Length);
            }
            uint adler = Adler32.Of(page);
            _zlibBuffer.WriteByte((byte)(adler >> 24));
            _zlibBuffer.WriteByte((byte)(adler >> 16));
            _zlibBuffer.WriteByte((byte)(adler >> 8));
            _zlibBuffer.WriteByte((byte)adler);
#endif
            int len = (int)_zlibBuffer.Length;
            if (len > output.Length) return 0;
            _zlibBuffer.GetBuffer().AsSpan(0, len).CopyTo(output);
            return len;
        }

#if NET9_0_OR_GREATER
        private static ZLibCompressionStrategy NetStrategy(ZlibStrategy s) => s switch
        {
            ZlibStrategy.Filtered => ZLibCompressionStrategy.Filtered,
            ZlibStrategy.HuffmanOnly => ZLibCompressionStrategy.HuffmanOnly,
            ZlibStrategy.Rle => ZLibCompressionStrategy.RunLengthEncoding,
            ZlibStrategy.Fixed => ZLibCompressionStrategy.Fixed,
            _ => ZLibCompressionStrategy.Default,
        };
#endif

        public void Dispose()
        {
            _zlibBuffer.Dispose();
            _zstd?.Dispose();
        }
    }
}
