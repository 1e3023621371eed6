using System.Collections.Generic;
using MakeDumpFile.Tests.Support;
using TestSupport;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// hugetlb pages are user data (-d 8) whole compound pages at a time; on 6.1 they are known by
    /// the compound destructor in the second struct page (HUGETLB_PAGE_DTOR), as makedumpfile does.
    /// </summary>
    [Collection("vmcore")]
    public sealed class HugetlbTests
    {
        [Theory]
        [InlineData(8)]
        [InlineData(31)]
        public void HugetlbPoolCountsAsUserDataLikeMakedumpfile(int level)
        {
            string elf = DebianVariantFixture.Hugetlb.PreparedElf();
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-E -d 0 --message-level 0 \"{elf}\" \"{s.File("std.elf")}\""), "normalising");
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-d {level} -l --message-level 16 \"{s.File("std.elf")}\" \"{s.File("theirs")}\""), "Debian makedumpfile");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d {level} -l --message-level 16 \"{elf}\" \"{s.File("ours")}\""), "ours");
            Dictionary<string, ulong> t = ReportCounts.Parse(theirs.Stdout), o = ReportCounts.Parse(ours.Stdout);
            foreach (string label in ReportCounts.Labels) Assert.True(t[label] == o[label], $"{label}: ours 0x{o[label]:x}, makedumpfile 0x{t[label]:x}");
            // 8 huge pages of 512 frames each, free in the pool, on top of the anonymous memory.
            Assert.True(o["User process data pages"] >= 8 * 512, $"user pages 0x{o["User process data pages"]:x}");
        }
    }
}
