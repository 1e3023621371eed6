using System.Linq;
using Common.Elf;
using MakeDumpFile.Tests.Support;
using TestSupport;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// -E keeps the pages makedumpfile 1.7.2 keeps in the PT_LOADs above max_mapnr (frames with no
    /// struct page: a QEMU guest's BIOS ROM at 0xfffc0000 and VGA memory at 0xfd000000), compared
    /// PT_LOAD by PT_LOAD. 1.7.2 decides those frames from a read past the end of its bitmap file,
    /// which leaves the last block read in its buffer (Filtering/BitmapFileReader); with
    /// --cyclic-buffer it builds each cycle's bitmap from the PT_LOADs instead.
    /// </summary>
    [Collection("vmcore")]
    public sealed class FramesAboveMaxMapNrMatchMakedumpfileTests
    {
        private static string Fixture(string name) => name switch
        {
            "6.12" => Fixtures.Ours612Elf,
            "6.1" => Fixtures.Debian61Elf,
            "hugetlb" => DebianVariantFixture.Hugetlb.PreparedElf(),   // these two also have the VGA PT_LOAD
            "la57" => DebianVariantFixture.FiveLevel.PreparedElf(),
            _ => throw new System.ArgumentException(name),
        };

        [Theory]
        [InlineData("6.12", 1)]
        [InlineData("6.12", 31)]
        [InlineData("6.1", 1)]
        [InlineData("6.1", 31)]
        [InlineData("hugetlb", 0)]
        [InlineData("hugetlb", 1)]
        [InlineData("hugetlb", 31)]
        [InlineData("la57", 31)]
        public void EveryLoadHoldsThePagesMakedumpfileKeeps(string fixture, int level)
        {
            string qemu = Fixture(fixture);
            using var s = new Scratch();
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-d {level} -E --message-level 16 \"{Normalized.Of(qemu)}\" \"{s.File("theirs.elf")}\""), "Debian makedumpfile");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d {level} -E --message-level 16 \"{qemu}\" \"{s.File("ours.elf")}\""), "our makedumpfile");
            ulong above = ReportCounts.Parse(theirs.Stdout)["Total pages"] * 4096;
            Assert.Contains(ElfCoreFile.Read(qemu).Loads, l => l.PhysicalAddress >= above);
            ElfLoadCompare.AssertSameLoads(s.File("theirs.elf"), s.File("ours.elf"), $"{fixture} -d {level} -E");
            ReportCounts.AssertSame(theirs.Stdout, ours.Stdout, $"{fixture} -d {level} -E report");
        }

        [Theory]
        [InlineData("hugetlb", 1)]
        [InlineData("6.12", 31)]
        public void WithCyclicBufferBothKeepWhatCyclicModeKeeps(string fixture, int level)
        {
            string qemu = Fixture(fixture);
            string input = Normalized.Of(qemu);
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Debian($"-d {level} -E --cyclic-buffer 1024 --message-level 0 \"{input}\" \"{s.File("theirs.elf")}\""), "Debian makedumpfile --cyclic-buffer");
            Tools.MustSucceed(Tools.Debian($"-d {level} -E --message-level 0 \"{input}\" \"{s.File("one-cycle.elf")}\""), "Debian makedumpfile");
            Tools.MustSucceed(Tools.Ours($"-d {level} -E --cyclic-buffer 1024 --message-level 0 \"{qemu}\" \"{s.File("ours.elf")}\""), "our makedumpfile --cyclic-buffer");
            // The two modes of 1.7.2 keep different pages above max_mapnr on this input.
            Assert.NotEqual(ElfLoadCompare.FileBytesFrom(s.File("one-cycle.elf"), 0xfd000000), ElfLoadCompare.FileBytesFrom(s.File("theirs.elf"), 0xfd000000));
            ElfLoadCompare.AssertSameLoads(s.File("theirs.elf"), s.File("ours.elf"), $"{fixture} -d {level} -E --cyclic-buffer");
        }

        /// <summary>
        /// The BIOS PT_LOAD placed between the two halves of RAM: the block of the second bitmap
        /// makedumpfile read last is then the first half's, not the last one, and other BIOS pages
        /// are kept (unsorted PT_LOADs, as issue 12 found them accepted).
        /// </summary>
        [Fact]
        public void TheBlockReadLastDecidesAndPtLoadOrderCounts()
        {
            using var s = new Scratch();
            var rewrite = CoreRewrite.From(Fixtures.Ours612Elf).CutAt(0x10000000);
            int bios = rewrite.Loads.ToList().FindIndex(l => l.PhysicalAddress == 0xfffc0000);
            Assert.True(bios == 2, "the 6.12 fixture's loads are RAM then the BIOS ROM");
            rewrite.Move(bios, 1).Write(s.File("unsorted.elf"));
            Tools.MustSucceed(Tools.Debian($"-d 1 -E --message-level 0 \"{s.File("unsorted.elf")}\" \"{s.File("theirs.elf")}\""), "Debian makedumpfile");
            Tools.MustSucceed(Tools.Debian($"-d 1 -E --message-level 0 \"{Normalized.Of(Fixtures.Ours612Elf)}\" \"{s.File("sorted.elf")}\""), "Debian makedumpfile");
            Tools.MustSucceed(Tools.Ours($"-d 1 -E --message-level 0 \"{s.File("unsorted.elf")}\" \"{s.File("ours.elf")}\""), "our makedumpfile");
            Assert.NotEqual(ElfLoadCompare.FileBytesFrom(s.File("sorted.elf"), 0xfffc0000), ElfLoadCompare.FileBytesFrom(s.File("theirs.elf"), 0xfffc0000));
            ElfLoadCompare.AssertSameLoads(s.File("theirs.elf"), s.File("ours.elf"), "unsorted -d 1 -E");
        }
    }
}
