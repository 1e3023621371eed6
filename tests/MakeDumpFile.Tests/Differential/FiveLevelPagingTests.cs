using System;
using System.Collections.Generic;
using MakeDumpFile.Tests.Support;
using TestSupport;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>5-level page tables (LA57): mem_map lives at 0xffd4... and the walk has a fifth level.</summary>
    [Collection("vmcore")]
    public sealed class FiveLevelPagingTests
    {
        [Fact]
        public void CountsEqualMakedumpfileWith5LevelPaging()
        {
            string elf = DebianVariantFixture.FiveLevel.PreparedElf();
            var head = new byte[1 << 16];
            using (var f = System.IO.File.OpenRead(elf)) f.ReadExactly(head);
            Assert.Contains("NUMBER(pgtable_l5_enabled)=1", System.Text.Encoding.ASCII.GetString(head));
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-E -d 0 --message-level 0 \"{elf}\" \"{s.File("std.elf")}\""), "normalising");
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-d 31 -l --message-level 16 \"{s.File("std.elf")}\" \"{s.File("theirs")}\""), "Debian makedumpfile");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d 31 -l --message-level 16 \"{elf}\" \"{s.File("ours")}\""), "ours");
            Dictionary<string, ulong> t = ReportCounts.Parse(theirs.Stdout), o = ReportCounts.Parse(ours.Stdout);
            foreach (string label in ReportCounts.Labels) Assert.True(t[label] == o[label], $"{label}: ours 0x{o[label]:x}, makedumpfile 0x{t[label]:x}");
            Assert.True(o["Free pages"] > 10000 && o["User process data pages"] > 1000);
        }
    }
}
