using System.IO;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// Issue 14's size aim: our default -c file is no larger than makedumpfile 1.7.2's (classic
    /// zlib at level 1) on the bench's real vmcores; and makedumpfile 1.7.2 reads our zlib pages
    /// whatever level and strategy made them. Sizes only: times are the benchmark's
    /// (tests/MakeDumpFile.Tests/Benchmark), never a test's.
    /// </summary>
    [Collection("vmcore")]
    public sealed class ZlibSizeMatchesMakedumpfileTests
    {
        [Theory]
        [InlineData("6.1")]
        [InlineData("6.12")]
        public void DefaultZlibFileIsNoLargerThanMakedumpfiles(string kernel)
        {
            string vmcore = kernel == "6.1" ? Fixtures.Debian61Elf : Fixtures.Ours612Elf;
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Debian($"-d 31 -c --message-level 0 \"{Normalized.Of(vmcore)}\" \"{s.File("theirs.kd")}\""), "Debian makedumpfile");
            Tools.MustSucceed(Tools.Ours($"-d 31 -c --message-level 0 \"{vmcore}\" \"{s.File("ours.kd")}\""), "our makedumpfile");
            long ours = new FileInfo(s.File("ours.kd")).Length, theirs = new FileInfo(s.File("theirs.kd")).Length;
            Assert.True(ours <= theirs, $"{kernel}: our -c file {ours} bytes, makedumpfile 1.7.2's {theirs}");
        }

        [Theory]
        [InlineData("--zlib-level 1")]
        [InlineData("--zlib-level 9")]
        [InlineData("--zlib-strategy huffman")]
        [InlineData("--zlib-strategy rle")]
        [InlineData("--zlib-strategy fixed")]
        public void MakedumpfileReadsEveryZlibSetting(string tuning)
        {
            using var s = new Scratch();
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d 31 -c {tuning} --message-level 16 \"{Fixtures.Ours612Elf}\" \"{s.File("ours.kd")}\""), "our makedumpfile");
            // 1.7.2 re-filtering our file decompresses every page of it (to find the zero pages);
            // it refuses -E for kdump-compressed input, so its copy is -c too.
            Tools.Result again = Tools.MustSucceed(Tools.Debian($"-d 31 -c --message-level 16 \"{s.File("ours.kd")}\" \"{s.File("theirs.kd")}\""), "Debian makedumpfile re-filtering our file");
            Assert.Equal(ReportCounts.Parse(ours.Stdout)["Remaining pages"], ReportCounts.Parse(again.Stdout)["Remaining pages"]);
            Assert.Equal(ReportCounts.Parse(ours.Stdout)["Pages filled with zero"], ReportCounts.Parse(again.Stdout)["Pages filled with zero"]);
            using var mine = KdumpPageSource.Open(s.File("ours.kd"));
            using var theirs = KdumpPageSource.Open(s.File("theirs.kd"));
            Assert.True(PageCompare.AssertSamePages(theirs, mine, mine.MaxMapNr, $"1.7.2's copy of our {tuning} file") > 1000);
        }
    }
}
