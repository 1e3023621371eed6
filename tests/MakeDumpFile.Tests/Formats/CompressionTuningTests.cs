using System;
using System.Collections.Generic;
using System.IO;
using Common.DumpFormats.Compression;
using Common.DumpFormats.Elf;
using MakeDumpFile.Tests.Support;
using MakeDumpFile.Writers.Compression;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>
    /// --zlib-level, --zlib-strategy and --zstd-level (issue 14): every setting gives pages our
    /// decoder reads back exactly, higher levels give smaller pages, and the options are checked.
    /// </summary>
    [Collection("vmcore")]
    public sealed class CompressionTuningTests
    {
        // 256 pages the 6.12 guest's -d 31 dump keeps (kernel text, data, slab, page tables),
        // the pages -c compresses in practice.
        private static List<byte[]> KernelPages(int count)
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("kept.elf")}\""), "our makedumpfile");
            using var core = ElfCorePageSource.Open(s.File("kept.elf"));
            var pages = new List<byte[]>();
            var page = new byte[4096];
            for (ulong pfn = 0; pfn < core.MaxMapNr && pages.Count < count; pfn += 3)
            {
                if (!core.HasPage(pfn)) continue;
                core.ReadPage(pfn, page);
                if (Array.TrueForAll(page, b => b == 0)) continue;
                pages.Add((byte[])page.Clone());
            }
            Assert.Equal(count, pages.Count);
            return pages;
        }

        private static long CompressAll(List<byte[]> pages, PageCompression kind, CompressionTuning tuning)
        {
            using var c = new PageCompressor(kind, 4096, tuning);
            var buf = new byte[PageCompressor.MaxOutput(4096)];
            var back = new byte[4096];
            long total = 0;
            foreach (byte[] p in pages)
            {
                int n = c.Compress(p, buf, out uint flag);
                if (n == 0) { total += 4096; continue; }
                PageDecompressor.Decompress(flag, buf.AsSpan(0, n), back);
                Assert.True(back.AsSpan().SequenceEqual(p), $"{kind} {tuning.ZlibLevel}/{tuning.ZlibStrategy}/{tuning.ZstdLevel} did not round-trip");
                total += n;
            }
            return total;
        }

        [Fact]
        public void EveryZlibLevelAndStrategyRoundTrips()
        {
            List<byte[]> pages = KernelPages(256);
            var sizes = new Dictionary<int, long>();
            foreach (ZlibStrategy s in Enum.GetValues(typeof(ZlibStrategy)))
                for (int level = 1; level <= CompressionTuning.MaxZlibLevel; level++)
                {
                    long size = CompressAll(pages, PageCompression.Zlib, new CompressionTuning(level, s));
                    if (s == ZlibStrategy.Default) sizes[level] = size;
                    Assert.True(size < pages.Count * 4096L, $"zlib {level}/{s} compressed nothing");
                }
            // zlib-ng's level 1 (deflate_quick) is the weak one the default moved away from.
            Assert.True(sizes[CompressionTuning.DefaultZlibLevel] < sizes[1] * 0.9, $"default level {sizes[CompressionTuning.DefaultZlibLevel]} bytes, level 1 {sizes[1]}");
            Assert.True(sizes[9] <= sizes[CompressionTuning.DefaultZlibLevel]);
        }

        [Fact]
        public void ZstdLevelsRoundTripAndHigherIsNoLarger()
        {
            List<byte[]> pages = KernelPages(256);
            long one = CompressAll(pages, PageCompression.Zstd, new CompressionTuning(zstdLevel: 1));
            long nineteen = CompressAll(pages, PageCompression.Zstd, new CompressionTuning(zstdLevel: 19));
            Assert.True(nineteen <= one, $"zstd 19: {nineteen} bytes, zstd 1: {one}");
        }

        [Theory]
        [InlineData("-c --zlib-level 0", "--zlib-level 0 is not in 1-9")]
        [InlineData("-c --zlib-level 10", "--zlib-level 10 is not in 1-9")]
        [InlineData("-c --zlib-level x", "--zlib-level 'x' is not a number")]
        [InlineData("-l --zlib-level 5", "--zlib-level and --zlib-strategy go with -c")]
        [InlineData("--zlib-strategy rle", "--zlib-level and --zlib-strategy go with -c")]
        [InlineData("-c --zlib-strategy best", "--zlib-strategy best: not one of default, filtered, huffman, rle, fixed")]
        [InlineData("-z --zstd-level 23", "--zstd-level 23 is not in 1-22")]
        [InlineData("-c --zstd-level 3", "--zstd-level goes with -z")]
        public void BadTuningIsOneLineAndExitOne(string options, string message)
        {
            using var s = new Scratch();
            Tools.Result r = Tools.Ours($"-d 31 {options} \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\"");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains(message, r.Stderr);
            Assert.False(File.Exists(s.File("o.kd")));
        }
    }
}
