using System;
using System.IO;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.BadInput
{
    /// <summary>
    /// Every image our makedumpfile writes carries digests (docs/makedumpfile.md, "Image
    /// digests"): one flipped byte anywhere is refused before a byte reaches the target, and an
    /// image without digests is refused unless --allow-no-digests.
    /// </summary>
    [Collection(ImagesCollection.Name)]
    public sealed class ImageDigestTests
    {
        private readonly ImageCache _images;

        public ImageDigestTests(ImageCache images) => _images = images;

        private Tools.Result Run(Workspace w, string target, string image, params string[] extra)
        {
            var args = new System.Collections.Generic.List<string> { "--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, "--temp-dir", w.Folder };
            args.AddRange(extra);
            args.Add(image);
            return Tools.KRestore(args.ToArray());
        }

        private static string RefusedLine(Tools.Result r, string what)
        {
            Assert.True(r.ExitCode == 1, $"{what}: exit code {r.ExitCode}\n{r.All}");
            string[] lines = r.Stderr.Trim().Split('\n');
            Assert.True(lines.Length == 1, $"{what}: {lines.Length} lines\n{r.Stderr}");
            Assert.StartsWith("krestore: refused: ", lines[0]);
            Assert.EndsWith("; nothing was written", lines[0]);
            return lines[0];
        }

        // Every kind of image: each compression, uncompressed, ELF, flattened. Level 31 keeps them
        // small; --force lets such an image through every check but the digests, so a good copy
        // would be written and each refusal is the flipped byte's.
        [Theory]
        [InlineData("c")]
        [InlineData("l")]
        [InlineData("p")]
        [InlineData("z")]
        [InlineData("n")]
        [InlineData("E")]
        [InlineData("F")]
        public void One_flipped_byte_at_100_random_places_is_refused_and_the_target_left_alone(string form)
        {
            using var w = new Workspace("flip-" + form);
            string image = _images.CopyOf(_images.Image(form, 31), w.Folder, "image." + form);
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Tools.MustSucceed(Run(w, target, image, "--force", "--dry-run"), "the undamaged image");

            long length = new FileInfo(image).Length;
            var rng = new Random(form[0]);
            using var file = new FileStream(image, FileMode.Open, FileAccess.ReadWrite);
            for (int i = 0; i < 100; i++)
            {
                long at = rng.NextInt64(length);
                file.Position = at;
                int old = file.ReadByte();
                file.Position = at;
                file.WriteByte((byte)(old ^ (1 << rng.Next(8))));
                file.Flush();
                string line = RefusedLine(Run(w, target, image, "--force"), $"-{form} with a bit flipped at {at} of {length}");
                if (form != "F") Assert.Contains("damaged", line);
                file.Position = at;
                file.WriteByte((byte)old);
                file.Flush();
            }
            before.AssertUnchanged();
            Assert.Empty(Directory.GetFiles(w.Folder, "krestore-*"));
        }

        [Fact]
        public void An_image_without_digests_is_refused_unless_allowed()
        {
            using var w = new Workspace("nodigests");
            // QEMU's own kdump-compressed file of the same guest (dump-guest-memory): no KEXEC_JUMP notes, no trailer.
            string image = _images.Fixture.KdumpZlib;
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            string line = RefusedLine(Run(w, target, image), "QEMU's image");
            Assert.Contains("carries no digests", line);
            Assert.Contains("--allow-no-digests", line);
            before.AssertUnchanged();

            // Allowed, such an image goes through the other checks (a small one: an ELF core of
            // another writer, without our notes and trailer, at level 31 and so with --force).
            string other = _images.Image("E", 31, levelNote: false);
            RefusedLine(Run(w, target, other, "--force"), "another writer's ELF core");
            Tools.Result ok = Tools.MustSucceed(Run(w, target, other, "--allow-no-digests", "--force", "--dry-run"), "--allow-no-digests");
            Assert.Contains("image digests: none, restored unchecked", ok.Stdout);
            Assert.Contains("warning: ", ok.Stderr);

            // 1.7.2 re-filtering our image copies our notes but not the trailer: the note tells.
            string refiltered = w.PathOf("refiltered.l");
            Tools.MustSucceed(Tools.Run("/usr/bin/makedumpfile", $"-l -d 17 \"{_images.Image("l", 17)}\" \"{refiltered}\"", null, null), "makedumpfile 1.7.2 re-filtering ours");
            line = RefusedLine(Run(w, target, refiltered), "1.7.2's copy of our image");
            Assert.Contains("says it was written with digests but has no digest trailer", line);
            Assert.Contains("warning: ", Tools.MustSucceed(Run(w, target, refiltered, "--allow-no-digests", "--dry-run"), "--allow-no-digests on 1.7.2's copy").Stderr);
            before.AssertUnchanged();
        }

        [Fact]
        public void An_image_that_lost_its_trailer_is_refused_as_such()
        {
            using var w = new Workspace("losttrailer");
            string image = _images.CopyOf(_images.Image("l", 17), w.Folder, "cut.l");
            long covered = ImageTrailer.Strip(image);
            Assert.True(covered > 0);
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            string line = RefusedLine(Run(w, target, image), "image without its trailer");
            Assert.Contains("says it was written with digests but has no digest trailer", line);
            before.AssertUnchanged();
        }

        [Theory]
        [InlineData("l")]
        [InlineData("E")]
        public void An_incomplete_image_is_refused_even_with_force(string form)
        {
            using var w = new Workspace("incomplete-" + form);
            string image = _images.CopyOf(_images.Image(form, 17), w.Folder, "incomplete." + form);
            // What a writer leaves after ENOSPC: no trailer, the incomplete bit (kdump status 0x8
            // at 424, ELF e_flags bit 0 at 48) and, for kdump, only the first part of the file
            // (an ELF core cut in its data is refused by the ELF parser already: its PT_LOADs
            // reach past the end).
            long length = ImageTrailer.Strip(image);
            using (var f = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
            {
                if (form != "E") f.SetLength(length / 2);
                int at = form == "E" ? 48 : 424;
                f.Position = at;
                int b = f.ReadByte();
                f.Position = at;
                f.WriteByte((byte)(b | (form == "E" ? 0x1 : 0x8)));
            }
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Assert.Contains("marked incomplete", RefusedLine(Run(w, target, image), "incomplete image"));
            string forced = RefusedLine(Run(w, target, image, "--force"), "incomplete image with --force");
            Assert.Contains("has no digest trailer", forced);
            Assert.Contains("marked incomplete", forced);
            before.AssertUnchanged();
        }
    }
}
