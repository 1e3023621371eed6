using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// --split's closing report on Debian's 6.1 vmcore, ours against 1.7.2: 1.7.2 drops zero
    /// pages while it writes the pieces but does not count them, so its report says "Pages
    /// filled with zero: 0" and counts them among the remaining pages; ours reports the same.
    /// </summary>
    [Collection("vmcore")]
    public sealed class SplitReportMatchesMakedumpfileTests
    {
        [Fact]
        public void TheSplitReportIsMakedumpfiles()
        {
            using var s = new Scratch();
            string fixture = Fixtures.Debian61Elf;
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"--split -d 31 -l --message-level 16 \"{Normalized.Of(fixture)}\" {s.File("t1")} {s.File("t2")}"), "1.7.2 --split");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"--split -d 31 -l --message-level 16 \"{fixture}\" {s.File("o1")} {s.File("o2")}"), "our --split");
            ReportCounts.AssertSame(theirs.Stdout, ours.Stdout, "--split -d 31 report");
            Assert.Equal(0UL, ReportCounts.Parse(ours.Stdout)["Pages filled with zero"]);
        }
    }
}
