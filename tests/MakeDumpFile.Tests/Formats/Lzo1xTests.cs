using System;
using Common.DumpFormats;
using Common.DumpFormats.Compression;
using MakeDumpFile.Writers.Compression;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>Our LZO1X compressor and decompressor (no managed LZO exists to compare with; Debian's makedumpfile reads our -l files in the differential tests).</summary>
    public sealed class Lzo1xTests
    {
        public static TheoryData<string> Shapes => new TheoryData<string> { "zeros", "random", "text", "repeats", "mixed", "long-literals", "far-matches", "tiny" };

        private static byte[] Make(string shape)
        {
            var rnd = new Random(shape.GetHashCode() & 0x7fffffff);
            switch (shape)
            {
                case "zeros": return new byte[4096];
                case "random": { var b = new byte[4096]; rnd.NextBytes(b); return b; }
                case "text": return System.Text.Encoding.ASCII.GetBytes(string.Concat(System.Linq.Enumerable.Repeat("kexec jump to kernel B and back; makedumpfile filters pages. ", 70))).AsSpan(0, 4096).ToArray();
                case "repeats": { var b = new byte[4096]; for (int i = 0; i < b.Length; i++) b[i] = (byte)(i % 7 == 0 ? rnd.Next(4) : i % 13); return b; }
                case "mixed": { var b = new byte[4096]; rnd.NextBytes(b.AsSpan(0, 1500)); for (int i = 1500; i < 4096; i++) b[i] = b[i - 700]; return b; }
                case "long-literals": { var b = new byte[65536]; rnd.NextBytes(b.AsSpan(0, 3000)); rnd.NextBytes(b.AsSpan(40000)); for (int i = 3000; i < 40000; i++) b[i] = b[i - 3000]; return b; }
                case "far-matches": { var b = new byte[65536]; rnd.NextBytes(b.AsSpan(0, 20000)); for (int i = 20000; i < 65536; i++) b[i] = b[i - 20000 + (i % 3)]; return b; }
                default: return new byte[] { 1, 2, 3 };
            }
        }

        [Theory]
        [MemberData(nameof(Shapes))]
        public void RoundTrips(string shape)
        {
            byte[] input = Make(shape);
            var table = new int[1 << 14];
            var packed = new byte[Lzo1xCompressor.MaxCompressedLength(input.Length)];
            for (int round = 0; round < 3; round++) // the hash table is reused between calls
            {
                int n = Lzo1xCompressor.Compress(input, packed, table);
                var output = new byte[input.Length];
                Assert.Equal(input.Length, Lzo1x.Decompress(packed.AsSpan(0, n), output));
                Assert.Equal(input, output);
                if (shape == "zeros" || shape == "text") Assert.True(n < input.Length / 10, $"{shape} compressed to {n} bytes only");
            }
        }

        [Fact]
        public void DecodesHandWrittenStream()
        {
            // First literal run "abcd" (21 = 17 + 4), an M2 copy of 4 bytes from 4 back
            // (0x40 | (4-3)<<5 | ((4-1)&7)<<2, (4-1)>>3), then the end marker.
            byte[] stream = { 21, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0x40 | 0x20 | (3 << 2), 0, 0x11, 0, 0 };
            var output = new byte[8];
            Assert.Equal(8, Lzo1x.Decompress(stream, output));
            Assert.Equal("abcdabcd", System.Text.Encoding.ASCII.GetString(output));
        }

        [Fact]
        public void RejectsCorruptStreams()
        {
            byte[] input = Make("mixed");
            var packed = new byte[Lzo1xCompressor.MaxCompressedLength(input.Length)];
            int n = Lzo1xCompressor.Compress(input, packed, new int[1 << 14]);
            var output = new byte[input.Length];
            Assert.Throws<DumpFormatException>(() => Lzo1x.Decompress(packed.AsSpan(0, n - 3), output));  // no end marker
            Assert.Throws<DumpFormatException>(() => Lzo1x.Decompress(packed.AsSpan(0, n / 2), output));  // cut in the middle
            Assert.Throws<DumpFormatException>(() => Lzo1x.Decompress(new byte[] { 0x40, 0xff, 0x11, 0, 0 }, output)); // copy before any output
            Assert.Throws<DumpFormatException>(() => Lzo1x.Decompress(packed.AsSpan(0, n), new byte[100])); // output overflow
        }

        [Theory]
        [InlineData(PageCompression.Zlib)]
        [InlineData(PageCompression.Lzo)]
        [InlineData(PageCompression.Snappy)]
        [InlineData(PageCompression.Zstd)]
        public void PageCodecsRoundTripAndLeaveIncompressiblePagesRaw(PageCompression kind)
        {
            using var c = new PageCompressor(kind, 4096);
            var buf = new byte[PageCompressor.MaxOutput(4096)];
            byte[] text = Make("text");
            int n = c.Compress(text, buf, out uint flag);
            Assert.True(n > 0 && n < 4096);
            var back = new byte[4096];
            PageDecompressor.Decompress(flag, buf.AsSpan(0, n), back);
            Assert.Equal(text, back);
            Assert.Equal(0, c.Compress(Make("random"), buf, out uint rawFlag));
            Assert.Equal(0u, rawFlag);
            buf[n / 2] ^= 0x5a;
            buf[1] ^= 0xff;
            Assert.ThrowsAny<Exception>(() => PageDecompressor.Decompress(flag, buf.AsSpan(0, n), back));
        }
    }
}
