using System.Collections.Generic;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// Our report's counts against Debian's makedumpfile 1.7.2 on the bench's Debian 6.1 vmcore,
    /// for several dump levels and both output formats.
    /// </summary>
    [Collection("vmcore")]
    public sealed class ReportMatchesMakedumpfileTests
    {
        [Theory]
        [InlineData(0, "-c")]
        [InlineData(1, "-c")]
        [InlineData(2, "-c")]
        [InlineData(4, "-l")]
        [InlineData(8, "-c")]
        [InlineData(16, "-l")]
        [InlineData(17, "-c")]
        [InlineData(31, "-c")]
        [InlineData(31, "-l")]
        [InlineData(31, "-E")]
        [InlineData(1, "-E")]
        public void CountsEqualMakedumpfile(int level, string format)
        {
            string input = Normalized.Of(Fixtures.Debian61Elf);
            using var s = new Scratch();
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-d {level} {format} --message-level 16 \"{input}\" \"{s.File("theirs")}\""), "Debian makedumpfile");
            // Ours reads QEMU's own layout directly.
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d {level} {format} --message-level 16 \"{Fixtures.Debian61Elf}\" \"{s.File("ours")}\""), "our makedumpfile");
            Dictionary<string, ulong> t = ReportCounts.Parse(theirs.Stdout), o = ReportCounts.Parse(ours.Stdout);
            foreach (string label in ReportCounts.Labels)
            {
                Assert.True(t.ContainsKey(label), $"makedumpfile's report lacks {label}");
                Assert.True(o.ContainsKey(label), $"our report lacks {label}:\n{ours.Stdout}");
                Assert.True(t[label] == o[label], $"-d {level} {format}: {label} is 0x{o[label]:x} in ours, 0x{t[label]:x} in makedumpfile's");
            }
            Assert.True(o["Excluded pages"] > 0 || level == 0, "nothing was excluded: the test proves nothing");
        }

        [Fact]
        public void FreePagesOf612MatchWhatTheGuestReportedFree()
        {
            using var s = new Scratch();
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d 16 -l --message-level 16 \"{Fixtures.Ours612Elf}\" \"{s.File("o")}\""), "our makedumpfile");
            ulong free = ReportCounts.Parse(ours.Stdout)["Free pages"];
            long memFreeKiB = Fixtures.MemInfoKiB(Fixtures.Ours612MemInfo, "MemFree");
            long freeKiB = (long)free * 4;
            // MemFree counts the per-cpu page lists too (NR_FREE_PAGES vs pages in the buddy
            // allocator): a few hundred KiB per CPU at most on a 512 MiB guest.
            Assert.True(freeKiB <= memFreeKiB && memFreeKiB - freeKiB < 2048,
                $"free pages excluded: {freeKiB} KiB; the guest's MemFree: {memFreeKiB} KiB");
        }

        [Fact]
        public void FreePagesOf61MatchWhatTheGuestReportedFree()
        {
            using var s = new Scratch();
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d 16 -l --message-level 16 \"{Fixtures.Debian61Elf}\" \"{s.File("o")}\""), "our makedumpfile");
            long freeKiB = (long)ReportCounts.Parse(ours.Stdout)["Free pages"] * 4;
            long memFreeKiB = Fixtures.MemInfoKiB(Fixtures.Debian61MemInfo, "MemFree");
            Assert.True(freeKiB <= memFreeKiB && memFreeKiB - freeKiB < 2048,
                $"free pages excluded: {freeKiB} KiB; the guest's MemFree: {memFreeKiB} KiB");
        }
    }
}
