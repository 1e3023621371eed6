using TestSupport;
using System.IO;
using Common.Elf;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.BadInput
{
    /// <summary>
    /// Images that must not be written into this target: each gets one clear line, a non-zero
    /// exit code, and the target file is left exactly as it was.
    /// </summary>
    [Collection(ImagesCollection.Name)]
    public sealed class RefusalTests
    {
        private readonly ImageCache _images;

        public RefusalTests(ImageCache images) => _images = images;

        private (Tools.Result Result, string Target) Refused(Workspace w, string image, int expectedCode, params string[] extra)
        {
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            var args = new System.Collections.Generic.List<string> { "--target", target, "--system-root", w.SystemRoot, "--temp-dir", w.Folder };
            bool hasRanges = System.Array.IndexOf(extra, "--target-ranges") >= 0 || System.Array.IndexOf(extra, "--target-core") >= 0;
            if (!hasRanges) args.AddRange(new[] { "--target-core", _images.Fixture.Elf });
            args.AddRange(extra);
            args.Add(image);
            Tools.Result r = Tools.KRestore(args.ToArray());
            Assert.True(r.ExitCode == expectedCode, $"exit code {r.ExitCode}, expected {expectedCode}:\n{r.All}");
            string[] lines = r.Stderr.Trim().Split('\n');
            Assert.Single(lines);
            Assert.StartsWith("krestore: ", lines[0]);
            Assert.Equal("", r.Stdout);
            before.AssertUnchanged();
            return (r, target);
        }

        [Fact]
        public void Dump_level_31_is_refused_and_force_writes_what_there_is()
        {
            using var w = new Workspace("d31");
            string image = _images.Image("l", 31);
            (Tools.Result r, string target) = Refused(w, image, 1);
            Assert.Contains("dump level 31", r.Stderr);
            Assert.Contains("page cache (2), private page cache (4), user process pages (8)", r.Stderr);

            Tools.Result forced = Tools.KRestore("--force", "--json", "--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, image);
            Tools.MustSucceed(forced, "krestore --force");
            Assert.Contains("warning: ", forced.Stderr);
            var s = new SummaryJson(forced.Stdout);
            Assert.True(s.B("verified"));
            Assert.True(s.U("pages_skipped") > 0);
        }

        [Fact]
        public void Elf_image_that_leaves_out_pages_without_saying_its_level_is_refused()
        {
            using var w = new Workspace("elf-nolevel");
            (Tools.Result r, _) = Refused(w, _images.Image("E", 16, levelNote: false), 1, "--allow-no-digests");
            Assert.Contains("does not record its dump level", r.Stderr);
        }

        [Fact]
        public void Elf_image_of_level_31_is_refused_by_its_note()
        {
            using var w = new Workspace("elf-d31");
            (Tools.Result r, _) = Refused(w, _images.Image("E", 31), 1);
            Assert.Contains("dump level 31", r.Stderr);
        }

        [Fact]
        public void Image_larger_than_the_target_is_refused()
        {
            using var w = new Workspace("larger");
            (Tools.Result r, _) = Refused(w, _images.Image("l", 17), 1, "--target-ranges", "0-fffffff");
            Assert.Contains("is larger than the target", r.Stderr);
            Assert.Contains("ends at 0x10000000", r.Stderr);
        }

        [Fact]
        public void Image_for_another_memory_layout_is_refused()
        {
            using var w = new Workspace("layout");
            // Same end of memory, but a hole of 128 MiB where the image has RAM.
            (Tools.Result r, _) = Refused(w, _images.Image("l", 17), 1, "--target-ranges", "0-7ffffff,10000000-1fffffff");
            Assert.Contains("are not RAM of the target", r.Stderr);
        }

        [Fact]
        public void Image_of_another_kernel_release_is_refused()
        {
            using var w = new Workspace("release");
            // The Debian 6.1 guest's core as the target: same layout, other kernel.
            string debianCore = PreparedFixtures.Debian.Elf;
            (Tools.Result r, _) = Refused(w, _images.Image("l", 17), 1, "--target-core", debianCore);
            Assert.Contains("is of kernel 6.12", r.Stderr);
            Assert.Contains("runs 6.1", r.Stderr);
        }

        [Fact]
        public void Image_with_another_page_size_is_refused()
        {
            using var w = new Workspace("pagesize");
            string core = w.PathOf("core-64k");
            new CoreWriter().Load(0, 0x20000000).Load(0xfffc0000, 0x40000).VmcoreInfo("OSRELEASE=6.12.117+\nPAGESIZE=65536\n").Write(core);
            (Tools.Result r, _) = Refused(w, _images.Image("l", 17), 1, "--target-core", core);
            Assert.Contains("4096-byte pages, the target 65536-byte pages", r.Stderr);
        }

        [Fact]
        public void Image_in_the_running_kernels_RAM_without_a_jump_back_entry_is_refused()
        {
            using var w = new Workspace("running", runningRam: "1000-9fbff,2000000-5ffffff");
            (Tools.Result r, _) = Refused(w, _images.Image("l", 17), 1);
            Assert.Contains("are RAM of the running kernel", r.Stderr);
            Assert.Contains("no jump-back entry", r.Stderr);
        }

        [Fact]
        public void Incomplete_kdump_image_is_refused()
        {
            using var w = new Workspace("incomplete");
            string image = _images.CopyOf(_images.Image("l", 17), w.Folder, "incomplete.l");
            // A writer that ran out of space never wrote the digest trailer.
            ImageTrailer.Strip(image);
            using (var f = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
            {
                // disk_dump_header.status (offset 424): DUMP_DH_COMPRESSED_INCOMPLETE 0x8.
                var b = new byte[4];
                f.Position = 424;
                f.ReadExactly(b);
                b[0] |= 0x8;
                f.Position = 424;
                f.Write(b);
            }
            (Tools.Result r, _) = Refused(w, image, 1);
            Assert.Contains("marked incomplete", r.Stderr);
        }

        [Fact]
        public void Dry_run_checks_everything_and_writes_nothing()
        {
            using var w = new Workspace("dryrun");
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Tools.Result r = Tools.KRestore("--dry-run", "--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, _images.Image("l", 17));
            Tools.MustSucceed(r, "krestore --dry-run");
            Assert.Contains("(dry run: nothing written)", r.Stdout);
            Assert.Contains("pages to write: ", r.Stdout);
            before.AssertUnchanged();
            // A dry run still refuses what a real run would.
            Tools.Result refused = Tools.KRestore("--dry-run", "--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, _images.Image("l", 31));
            Assert.Equal(1, refused.ExitCode);
            before.AssertUnchanged();
        }
    }
}
