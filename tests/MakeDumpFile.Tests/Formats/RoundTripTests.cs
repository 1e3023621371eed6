using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>Our writers and readers against each other and against QEMU's kdump writer, on real vmcores.</summary>
    [Collection("vmcore")]
    public sealed class RoundTripTests
    {
        [Theory]
        [InlineData("-c", 0)]
        [InlineData("-l", 0)]
        [InlineData("-p", 1)]
        [InlineData("-z", 1)]
        [InlineData("-z", 31)]
        public void KdumpFileReadsBackAsTheVmcore(string compression, int level)
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d {level} {compression} --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\""), "our makedumpfile");
            using var elf = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            using var kd = KdumpPageSource.Open(s.File("o.kd"));
            ulong n = PageCompare.AssertSamePages(elf, kd, kd.MaxMapNr, $"{compression} -d {level}", pfn => kd.HasPage(pfn));
            Assert.True(n > 1000);
            if (level == 0)
                for (ulong pfn = 0; pfn < kd.MaxMapNr; pfn++)
                    Assert.True(kd.HasPage(pfn) == elf.HasPage(pfn), $"-d 0 lost or invented pfn 0x{pfn:x}");
        }

        [Fact]
        public void QemusKdumpFileReadsAsItsElfTwin()
        {
            using var s = new Scratch();
            // QEMU 7.2 writes kdump-compressed files flattened: rebuild with our -R first.
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("qemu.kd")}\"", stdinFile: Fixtures.Ours612KdumpFlat), "our -R of QEMU's file");
            using var elf = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            using var kd = KdumpPageSource.Open(s.File("qemu.kd"));
            Assert.NotNull(kd.VmcoreInfo);
            ulong n = PageCompare.AssertSamePages(elf, kd, kd.MaxMapNr, "QEMU kdump vs ELF", pfn => kd.HasPage(pfn));
            Assert.True(n > 10000, $"only {n} pages in QEMU's file");
            // And we can filter it further, as makedumpfile re-filters its own files.
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 31 -l --message-level 16 \"{s.File("qemu.kd")}\" \"{s.File("re.kd")}\""), "re-filtering QEMU's file");
            Assert.True(ReportCounts.Parse(r.Stdout)["Free pages"] > 10000);
        }

        [Fact]
        public void FlattenedThenRebuiltEqualsDirect()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 31 -c --message-level 0 \"{Fixtures.Debian61Elf}\" \"{s.File("direct.kd")}\""), "direct");
            Tools.MustSucceed(Tools.Ours($"-d 31 -c -F --message-level 0 \"{Fixtures.Debian61Elf}\"", stdoutFile: s.File("stream")), "-F");
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("ours-R.kd")}\"", stdinFile: s.File("stream")), "our -R");
            Tools.MustSucceed(Tools.Debian($"-R \"{s.File("theirs-R.kd")}\"", stdinFile: s.File("stream")), "makedumpfile -R");
            // The digest trailers differ with the time stamp (block 0 holds it): compare without them.
            byte[] direct = WithoutTimestamp(Digestless.Of(s.File("direct.kd")));
            Assert.Equal(direct, WithoutTimestamp(Digestless.Of(s.File("ours-R.kd"))));
            // 1.7.2 rebuilds our stream byte for byte, trailer included.
            Assert.Equal(File.ReadAllBytes(s.File("ours-R.kd")), File.ReadAllBytes(s.File("theirs-R.kd")));
        }

        [Fact]
        public void ElfFlattenedThenRebuiltEqualsDirect()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 0 \"{Fixtures.Debian61Elf}\" \"{s.File("direct.elf")}\""), "direct");
            Tools.MustSucceed(Tools.Ours($"-d 31 -E -F --message-level 0 \"{Fixtures.Debian61Elf}\"", stdoutFile: s.File("stream")), "-F");
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("r.elf")}\"", stdinFile: s.File("stream")), "-R");
            Assert.Equal(File.ReadAllBytes(s.File("direct.elf")), File.ReadAllBytes(s.File("r.elf")));
        }

        // The dump time (disk_dump_header.timestamp) differs between two runs.
        private static byte[] WithoutTimestamp(byte[] file)
        {
            Array.Clear(file, 408, 16);
            return file;
        }

        [Fact]
        public void SplitThenReassembledHoldsTheSamePages()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 31 -l --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("whole.kd")}\""), "whole");
            Tools.MustSucceed(Tools.Ours($"-d 31 -l --split --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("p3")}\""), "--split");
            using (var p2 = KdumpPageSource.Open(s.File("p2")))
            {
                Assert.Equal(1, p2.Header.Split);
                Assert.True(p2.Header.StartPfn > 0 && p2.Header.EndPfn < p2.MaxMapNr);
            }
            Tools.MustSucceed(Tools.Ours($"--reassemble --message-level 0 \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("p3")}\" \"{s.File("joined.kd")}\""), "--reassemble");
            Tools.MustSucceed(Tools.Debian($"--reassemble \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("p3")}\" \"{s.File("theirs.kd")}\""), "makedumpfile --reassemble of our split files");
            using var whole = KdumpPageSource.Open(s.File("whole.kd"));
            using var joined = KdumpPageSource.Open(s.File("joined.kd"));
            using var theirs = KdumpPageSource.Open(s.File("theirs.kd"));
            Assert.Equal(0, joined.Header.Split);
            Assert.True(PageCompare.AssertSamePages(whole, joined, whole.MaxMapNr, "reassembled") > 1000);
            PageCompare.AssertSamePages(whole, theirs, whole.MaxMapNr, "makedumpfile's reassembly");
        }

        /// <summary>
        /// makedumpfile 1.7.2 cuts its pieces by splitblocks, so at -d 0 nearly every page lands in
        /// the first of three and the other two are a header and bitmaps with no page: ours joins
        /// them as 1.7.2 does.
        /// </summary>
        [Fact]
        public void PiecesOfMakedumpfileWithoutPagesAreReassembled()
        {
            using var s = new Scratch();
            string input = Normalized.Of(Fixtures.Ours612Elf);
            Tools.MustSucceed(Tools.Debian($"--split -d 0 -l --message-level 0 \"{input}\" \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("p3")}\""), "makedumpfile --split");
            using (var p3 = KdumpPageSource.Open(s.File("p3")))
            {
                Assert.Equal(1, p3.Header.Split);
                Assert.True(p3.DumpedBitmap.Rank(p3.Header.EndPfn) == p3.DumpedBitmap.Rank(p3.Header.StartPfn), "the last piece holds pages: this input does not make an empty piece");
            }
            Tools.MustSucceed(Tools.Ours($"--reassemble --message-level 0 \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("p3")}\" \"{s.File("joined.kd")}\""), "our --reassemble");
            Tools.MustSucceed(Tools.Debian($"--reassemble \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("p3")}\" \"{s.File("theirs.kd")}\""), "makedumpfile --reassemble");
            using var joined = KdumpPageSource.Open(s.File("joined.kd"));
            using var theirs = KdumpPageSource.Open(s.File("theirs.kd"));
            Assert.Equal(0, joined.Header.Split);
            Assert.True(PageCompare.AssertSamePages(theirs, joined, theirs.MaxMapNr, "reassembled pieces of makedumpfile") > 100000);
        }

        [Fact]
        public void Dmesg612HoldsTheBootLog()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg \"{Fixtures.Ours612Elf}\" \"{s.File("log")}\""), "--dump-dmesg");
            string log = File.ReadAllText(s.File("log"));
            Assert.Contains("Linux version 6.12", log);
            Assert.Matches(@"^\[    0\.000000\] ", log);
        }

        [Fact]
        public void MemUsageCountsAgreeWithTheReport()
        {
            using var s = new Scratch();
            Tools.Result usage = Tools.MustSucceed(Tools.Ours($"--mem-usage \"{Fixtures.Ours612Elf}\""), "--mem-usage");
            Tools.Result report = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{Fixtures.Ours612Elf}\" \"{s.File("o.elf")}\""), "-d 31");
            ulong free = ReportCounts.Parse(report.Stdout)["Free pages"];
            Assert.Matches($@"FREE\s+{free}\s+yes", usage.Stdout);
            Assert.Contains("page size:\t\t4096", usage.Stdout);
        }
    }
}
