using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// The pages we keep are the pages makedumpfile 1.7.2 keeps, with the same bytes: both -E
    /// outputs compared page by page, and kdump-compressed files crossing between the two tools.
    /// </summary>
    [Collection("vmcore")]
    public sealed class KeptPagesMatchMakedumpfileTests
    {
        // Total pages of the report: frames above it (firmware, VGA memory) have no struct page.
        // makedumpfile 1.7.2 decides those from a bitmap read past its end (it prints
        // "is_dumpable_file: Can't read the bitmap" itself); FramesAboveMaxMapNrMatchMakedumpfileTests
        // compares them, PT_LOAD by PT_LOAD, so these compare the frames below.
        private static ulong MaxMapNr(string report) => ReportCounts.Parse(report)["Total pages"];

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(31)]
        [InlineData(10)]
        public void ElfOutputsHoldTheSamePages(int level)
        {
            string input = Normalized.Of(Fixtures.Debian61Elf);
            using var s = new Scratch();
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-d {level} -E --message-level 16 \"{input}\" \"{s.File("theirs.elf")}\""), "Debian makedumpfile");
            Tools.MustSucceed(Tools.Ours($"-d {level} -E --message-level 16 \"{Fixtures.Debian61Elf}\" \"{s.File("ours.elf")}\""), "our makedumpfile");
            using var t = ElfCorePageSource.Open(s.File("theirs.elf"));
            using var o = ElfCorePageSource.Open(s.File("ours.elf"));
            ulong n = PageCompare.AssertSamePages(t, o, MaxMapNr(theirs.Stdout), $"-d {level} -E");
            Assert.True(n > 1000, $"only {n} pages compared");
        }

        [Fact]
        public void NormalisedCopyHoldsEveryPageOfQemusLayout()
        {
            using var q = ElfCorePageSource.Open(Fixtures.Debian61Elf);
            using var n = ElfCorePageSource.Open(Normalized.Of(Fixtures.Debian61Elf));
            Assert.Equal(64UL, n.Core.Header.ProgramHeaderOffset);
            Assert.Equal(q.MaxMapNr, n.MaxMapNr);
            PageCompare.AssertSamePages(q, n, q.MaxMapNr, "-E -d 0 copy");
        }

        [Theory]
        [InlineData("-c")]
        [InlineData("-l")]
        public void MakedumpfileReadsOurKdumpFileAndKeepsTheSamePages(string compression)
        {
            using var s = new Scratch();
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d 31 {compression} --message-level 16 \"{Fixtures.Debian61Elf}\" \"{s.File("ours.kd")}\""), "our makedumpfile");
            // makedumpfile 1.7.2 re-filters a kdump-compressed file into another one (it refuses -E
            // for such input): it must decompress every page of ours to find the zero pages.
            Tools.Result again = Tools.MustSucceed(Tools.Debian($"-d 31 -c --message-level 16 \"{s.File("ours.kd")}\" \"{s.File("theirs.kd")}\""), "Debian makedumpfile re-filtering our file");
            Assert.Equal(ReportCounts.Parse(ours.Stdout)["Remaining pages"], ReportCounts.Parse(again.Stdout)["Remaining pages"]);
            Assert.Equal(ReportCounts.Parse(ours.Stdout)["Pages filled with zero"], ReportCounts.Parse(again.Stdout)["Pages filled with zero"]);
            using var elf = ElfCorePageSource.Open(Fixtures.Debian61Elf);
            using var mine = KdumpPageSource.Open(s.File("ours.kd"));
            using var theirs = KdumpPageSource.Open(s.File("theirs.kd"));
            // Every page in our file is the input's page; makedumpfile's copy of our file is ours.
            ulong n = PageCompare.AssertSamePages(theirs, mine, mine.MaxMapNr, "makedumpfile's re-filtered copy of our file");
            Assert.True(n > 1000);
            var a = new byte[4096];
            var b = new byte[4096];
            for (ulong pfn = 0; pfn < mine.MaxMapNr; pfn++)
            {
                if (!mine.HasPage(pfn)) continue;
                mine.ReadPage(pfn, a);
                elf.ReadPage(pfn, b);
                Assert.True(a.AsSpan().SequenceEqual(b), $"pfn 0x{pfn:x} of our kdump file differs from the vmcore");
            }
        }

        [Fact]
        public void OurKdumpFileHoldsWhatMakedumpfilesDoes()
        {
            string input = Normalized.Of(Fixtures.Debian61Elf);
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Debian($"-d 31 -c --message-level 0 \"{input}\" \"{s.File("theirs.kd")}\""), "Debian makedumpfile");
            Tools.MustSucceed(Tools.Ours($"-d 31 -c --message-level 0 \"{Fixtures.Debian61Elf}\" \"{s.File("ours.kd")}\""), "our makedumpfile");
            using var t = KdumpPageSource.Open(s.File("theirs.kd"));
            using var o = KdumpPageSource.Open(s.File("ours.kd"));
            Assert.Equal(t.MaxMapNr, o.MaxMapNr);
            Assert.Equal(t.MemoryBitmap.ToArray(), o.MemoryBitmap.ToArray());
            Assert.Equal(t.DumpedBitmap.ToArray(), o.DumpedBitmap.ToArray());
            Assert.Equal(t.Header.PhysBase, o.Header.PhysBase);
            Assert.Equal(t.Header.Utsname, o.Header.Utsname);
            // Their notes, then our KEXEC_JUMP notes: dump level and digests (docs/krestore.md).
            Assert.Equal(MakeDumpFile.Jump.OutputNotes.Split(t.Notes).With(new Common.Elf.KexecJumpNote { DumpLevel = 31, Digests = Common.DumpFormats.Integrity.DigestParameters.Default }), o.Notes);
            PageCompare.AssertSamePages(t, o, t.MaxMapNr, "kdump -d 31 -c");
        }

        [Fact]
        public void DmesgEqualsMakedumpfiles()
        {
            string input = Normalized.Of(Fixtures.Debian61Elf);
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Debian($"--dump-dmesg \"{input}\" \"{s.File("theirs.txt")}\""), "Debian makedumpfile --dump-dmesg");
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg \"{Fixtures.Debian61Elf}\" \"{s.File("ours.txt")}\""), "our --dump-dmesg");
            string theirs = File.ReadAllText(s.File("theirs.txt"));
            Assert.Contains("Linux version 6.1", theirs);
            Assert.Equal(theirs, File.ReadAllText(s.File("ours.txt")));
        }

        /// <summary>
        /// --vtop: the translation 1.7.2's print_vtop() prints, the same from both, for two kernel
        /// symbols of the dump's VMCOREINFO; the dump goes on (--dry-run here).
        /// </summary>
        [Fact]
        public void VtopPrintsWhatMakedumpfilePrints()
        {
            string input = Normalized.Of(Fixtures.Debian61Elf);
            ulong[] addresses;
            using (IPageSource src = DumpInput.Open(input))
                addresses = new[] { src.VmcoreInfo!.RequireSymbol("init_uts_ns"), src.VmcoreInfo.RequireSymbol("node_online_map") + 8 };
            // 1.7.2 prints its page-table walk (PGD/PUD/PMD/PTE lines) between the heading and
            // the result; ours does not (docs/makedumpfile.md), so the walk is left out of the match.
            var block = new System.Text.RegularExpressions.Regex(@"\nTranslating virtual address ([0-9a-f]+) to physical address\.\n(?:  P[GUM4T]D? :.*\n|  PTE :.*\n)*VIRTUAL           PHYSICAL\n *([0-9a-f]+)  ([0-9a-f]+)\n\n");
            using var s = new Scratch();
            foreach (ulong va in addresses)
            {
                string args = $"--vtop 0x{va:x} -d 31 -l --dry-run --message-level 2 \"{input}\" \"{s.File("out")}\"";
                Tools.Result theirs = Tools.MustSucceed(Tools.Debian(args), "1.7.2 --vtop");
                Tools.Result ours = Tools.MustSucceed(Tools.Ours(args), "our --vtop");
                System.Text.RegularExpressions.Match t = block.Match(theirs.Stdout), o = block.Match(ours.Stdout);
                Assert.True(t.Success, theirs.Stdout);
                Assert.True(o.Success, ours.Stdout);
                Assert.Equal($"{va:x}", t.Groups[2].Value);
                Assert.NotEqual("ffffffffffffffff", t.Groups[3].Value);
                Assert.Equal(t.Groups[1].Value, o.Groups[1].Value);
                Assert.Equal(t.Groups[2].Value, o.Groups[2].Value);
                Assert.Equal(t.Groups[3].Value, o.Groups[3].Value);
                Assert.Contains("makedumpfile Completed.", ours.Stdout);
            }
        }

        /// <summary>
        /// -L limits LOGFILE as well: both write its first SIZE bytes (the same ones) and fail;
        /// 1.7.2 keeps them as LOGFILE, ours as LOGFILE.incomplete.
        /// </summary>
        [Fact]
        public void SizeLimitCutsTheDmesgLogAsMakedumpfiles()
        {
            string input = Normalized.Of(Fixtures.Debian61Elf);
            using var s = new Scratch();
            Tools.Result theirs = Tools.Debian($"--dump-dmesg -L 1000 \"{input}\" \"{s.File("theirs.txt")}\"");
            Tools.Result ours = Tools.Ours($"--dump-dmesg -L 1000 \"{input}\" \"{s.File("ours.txt")}\"");
            Assert.Equal(1, theirs.ExitCode);
            Assert.Equal(1, ours.ExitCode);
            Assert.Contains("makedumpfile Failed.", theirs.Stdout);
            Assert.Contains("makedumpfile Failed.", ours.Stdout);
            Assert.Contains("Size limit(1000) reached", theirs.Stdout + theirs.Stderr);
            Assert.Contains("Size limit(1000) reached", ours.Stderr);
            Assert.False(File.Exists(s.File("ours.txt")));
            byte[] kept = File.ReadAllBytes(s.File("theirs.txt"));
            Assert.Equal(1000, kept.Length);
            Assert.Equal(kept, File.ReadAllBytes(s.File("ours.txt.incomplete")));
        }
    }
}
