using System.Collections.Generic;
using System.IO;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.Restore
{
    /// <summary>
    /// Images of a real 512 MiB 6.12 guest saved by our makedumpfile in every form, restored into
    /// a sparse file with the guest's own core as the target's RAM, then compared page by page
    /// with the guest's memory.
    /// </summary>
    [Collection(ImagesCollection.Name)]
    public sealed class RestoreRoundTripTests
    {
        private readonly ImageCache _images;

        public RestoreRoundTripTests(ImageCache images) => _images = images;

        [Theory]
        [InlineData("l", 0)]
        [InlineData("l", 1)]
        [InlineData("l", 16)]
        [InlineData("l", 17)]
        [InlineData("c", 17)]
        [InlineData("z", 17)]
        [InlineData("p", 17)]
        public void Kdump_image_is_restored_page_for_page(string form, int level)
        {
            string image = _images.Image(form, level);
            RestoreAndCheck(image, image, level, leftOutAreZero: false, expectedFormat: "kdump-compressed");
        }

        [Theory]
        [InlineData(16, false)]
        [InlineData(17, true)]  // zero and free pages cannot be told apart in ELF: all left out are zeroed
        public void Elf_image_with_a_dump_level_note_is_restored_page_for_page(int level, bool leftOutAreZero)
        {
            string image = _images.Image("E", level);
            RestoreAndCheck(image, image, level, leftOutAreZero, expectedFormat: "ELF core");
        }

        [Fact]
        public void Elf_image_of_level_0_needs_no_note()
        {
            string image = _images.Image("E", 0, levelNote: false);
            SummaryJson s = RestoreAndCheck(image, image, null, leftOutAreZero: false, expectedFormat: "ELF core", "--allow-no-digests");
            Assert.Equal(0UL, s.U("pages_skipped"));
        }

        [Fact]
        public void Flattened_file_is_restored_page_for_page()
        {
            string flat = _images.Image("F", 17);
            string kdump = _images.Image("l", 17);
            SummaryJson s = RestoreAndCheck(flat, kdump, 17, leftOutAreZero: false, expectedFormat: "flattened kdump-compressed");
            Assert.True(s.U("pages_skipped") > 0);
        }

        [Fact]
        public void Flattened_stream_on_standard_input_is_restored_with_R()
        {
            string flat = _images.Image("F", 16);
            string kdump = _images.Image("l", 16);
            using var w = new Workspace("stdin");
            string target = w.NewTarget();
            HashSet<ulong> marked = TargetCheck.PlantMarkers(kdump, target);
            Tools.Result r = Tools.KRestoreWithStdin($"-R --json --temp-dir \"{w.Folder}\" --target \"{target}\" --target-core \"{_images.Fixture.Elf}\" --system-root \"{w.SystemRoot}\"", flat);
            Tools.MustSucceed(r, "krestore -R");
            var s = new SummaryJson(r.Stdout);
            Assert.Equal("flattened kdump-compressed (lzo)", s.S("format"));
            Assert.True(s.B("verified"));
            TargetCheck.Counts c = TargetCheck.Check(kdump, _images.Fixture.Elf, target, false, marked);
            Assert.Equal(c.Kept, s.U("pages_written") + s.U("pages_zero_filled"));
            // The rebuilt temporary file is gone.
            Assert.Empty(Directory.GetFiles(w.Folder, "krestore-*"));
        }

        private SummaryJson RestoreAndCheck(string image, string readable, int? level, bool leftOutAreZero, string expectedFormat, params string[] extra)
        {
            using var w = new Workspace("roundtrip");
            string target = w.NewTarget();
            HashSet<ulong> marked = TargetCheck.PlantMarkers(readable, target);
            var args = new List<string> { "--json", "--temp-dir", w.Folder, "--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot };
            args.AddRange(extra);
            args.Add(image);
            Tools.Result r = Tools.KRestore(args.ToArray());
            Tools.MustSucceed(r, "krestore " + Path.GetFileName(image));
            var s = new SummaryJson(r.Stdout);
            // Our images were checked against their digests (the one of another writer was allowed without).
            Assert.Equal(extra.Length == 0, s.I("digest_blocks") > 0);
            Assert.StartsWith(expectedFormat, s.S("format"));
            Assert.Equal(level, s.I("dump_level"));
            Assert.True(s.B("verified"));
            Assert.Equal(0UL, s.U("pages_differing"));

            TargetCheck.Counts c = TargetCheck.Check(readable, _images.Fixture.Elf, target, leftOutAreZero, marked);
            Assert.True(c.Kept > 20000, $"only {c.Kept} pages kept");
            Assert.Equal(c.Kept + (leftOutAreZero ? c.LeftOut : 0), s.U("pages_written") + s.U("pages_zero_filled"));
            Assert.Equal(leftOutAreZero ? 0 : c.LeftOut, s.U("pages_skipped"));
            if (level.HasValue && (level.Value & 16) != 0 && !leftOutAreZero)
                Assert.True(c.Marked > 1000, $"only {c.Marked} free pages were checked for being left alone");
            // Zero pages come out as zero-filled, not decompressed data.
            if (level.HasValue && (level.Value & 1) != 0 && !leftOutAreZero) Assert.True(s.U("pages_zero_filled") >= c.KeptZero);
            return s;
        }
    }
}
