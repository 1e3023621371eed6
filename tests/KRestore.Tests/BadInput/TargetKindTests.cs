using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using KRestore.Tests.Support;
using TestSupport;
using Xunit;

namespace KRestore.Tests.BadInput
{
    /// <summary>
    /// What krestore writes to and what it lets in (issue 12): no special file but /dev/oldmem
    /// unless forced, never a byte past the end of a target file, no image of another machine
    /// whichever way the target is named, and bitmaps sized by the target, not by the image.
    /// </summary>
    [Collection(ImagesCollection.Name)]
    public sealed class TargetKindTests
    {
        private readonly ImageCache _images;

        public TargetKindTests(ImageCache images) => _images = images;

        private string[] Args(Workspace w, string target, string image, params string[] extra) =>
            new[] { "--target", target, "--system-root", w.SystemRoot, "--temp-dir", w.Folder }
                .Concat(extra.Contains("--target-ranges") ? Array.Empty<string>() : new[] { "--target-core", _images.Fixture.Elf })
                .Concat(extra).Append(image).ToArray();

        private static void AssertOneLine(Tools.Result r, int code, string expect)
        {
            Assert.True(r.ExitCode == code, $"exit code {r.ExitCode}, expected {code}:\n{r.All}");
            string[] lines = r.Stderr.Trim().Split('\n');
            Assert.True(lines.Length == 1 && lines[0].StartsWith("krestore: ") && lines[0].Contains(expect), r.All);
        }

        [Fact]
        public void Special_files_other_than_dev_oldmem_are_refused_unless_forced()
        {
            using var w = new Workspace("special");
            string image = _images.Image("l", 17);
            string fifo = w.PathOf("fifo");
            Run("mkfifo", fifo);
            AssertOneLine(Tools.KRestore(Args(w, fifo, image)), 1, "is a FIFO");
            AssertOneLine(Tools.KRestore(Args(w, "/dev/null", image)), 1, "is a character device");

            // A block device: a loop device over a scratch file, so nothing real is at risk.
            string backing = w.PathOf("disk");
            using (var f = new FileStream(backing, FileMode.Create)) f.SetLength(1L << 30);
            string loop = Run("losetup", "-f", "--show", backing).Trim();
            try
            {
                AssertOneLine(Tools.KRestore(Args(w, loop, image)), 1, "is a block device");
                Assert.True(File.ReadAllBytes(backing).AsSpan(0, 1 << 20).IndexOfAnyExcept((byte)0) < 0, "the block device was written");
                Tools.Result forced = Tools.KRestore(Args(w, loop, image, "--force", "--dry-run"));
                Assert.True(forced.ExitCode == 0, forced.All);
            }
            finally
            {
                Run("losetup", "-d", loop);
            }
        }

        [Fact]
        public void A_target_file_shorter_than_the_image_is_never_extended()
        {
            using var w = new Workspace("short");
            string target = w.NewTarget("short", 256L << 20);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Tools.Result r = Tools.KRestore(Args(w, target, _images.Image("l", 17)));
            AssertOneLine(r, 1, "never extends a file");
            Assert.Equal(256L << 20, new FileInfo(target).Length);
            before.AssertUnchanged();
        }

        [Theory]
        [InlineData("E")]
        [InlineData("l")]
        public void An_image_of_another_machine_is_refused_whichever_way_the_target_is_named(string form)
        {
            using var w = new Workspace("machine-" + form);
            string image = _images.CopyOf(_images.Image(form, 17), w.Folder, "aarch64." + form);
            // Without its digests (which would refuse the changed header first), as another writer's image.
            ImageTrailer.Strip(image);
            using (var f = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
            {
                if (form == "E")
                {
                    // e_machine = EM_AARCH64.
                    f.Position = 18;
                    f.Write(new byte[] { 183, 0 });
                }
                else
                {
                    // disk_dump_header.utsname.machine (offset 12 + 4 * 65).
                    f.Position = 12 + 4 * 65;
                    f.Write(System.Text.Encoding.ASCII.GetBytes("aarch64\0"));
                }
            }
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            AssertOneLine(Tools.KRestore(Args(w, target, image, "--allow-no-digests")), 1, "aarch64");
            AssertOneLine(Tools.KRestore(Args(w, target, image, "--allow-no-digests", "--target-ranges", "0-1fffffff")), 1, "the target (--target-ranges) is x86_64");
            before.AssertUnchanged();
        }

        [Fact]
        public void A_PT_LOAD_claiming_16_TiB_does_not_size_the_bitmaps()
        {
            using var w = new Workspace("memsz");
            string image = _images.CopyOf(_images.Image("E", 17), w.Folder, "huge.E");
            ImageTrailer.Strip(image);
            byte[] head = new byte[64 * 1024];
            using (var f = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
            {
                f.ReadExactly(head);
                ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(32));
                int phnum = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(56));
                int last = Enumerable.Range(0, phnum).Select(i => (int)phoff + i * 56).Last(o => BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(o)) == 1);
                BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(last + 40), 1UL << 44); // p_memsz
                f.Position = 0;
                f.Write(head);
            }
            string target = TargetSnapshot.MakeTarget(w);
            // As a process, measured: 2^44 bytes grew krestore to 2 GB and OutOfMemoryException.
            foreach (string force in new[] { "", "--force --no-verify " })
            {
                Tools.Result r = Tools.Run("/usr/bin/time", $"-f \"maxrss %M\" dotnet \"{Tools.KRestoreAssembly}\" {force}--allow-no-digests --target \"{target}\" --target-core \"{_images.Fixture.Elf}\" " +
                    $"--system-root \"{w.SystemRoot}\" \"{image}\"", null, null);
                long kib = long.Parse(Regex.Match(r.Stderr, @"maxrss (\d+)").Groups[1].Value);
                Assert.True(kib < 400 * 1024, $"{force}peak RSS {kib} KiB");
                if (force.Length == 0) Assert.True(r.ExitCode == 1 && r.Stderr.Contains("is larger than the target"), r.All);
                else Assert.True(r.ExitCode == 0 && r.Stderr.Contains("pages of"), r.All);
            }
        }

        [Fact]
        public void A_flattened_record_near_2_to_the_50_is_refused_not_an_abort()
        {
            using var w = new Workspace("flat");
            byte[] stream = File.ReadAllBytes(_images.Image("F", 17));
            // The first record after the 4096-byte header: move it near 2^50.
            BinaryPrimitives.WriteInt64BigEndian(stream.AsSpan(4096), (1L << 50) - (1L << 20));
            string bad = w.PathOf("bad.F");
            File.WriteAllBytes(bad, stream);
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Tools.Result r = Tools.KRestore(Args(w, target, bad));
            Assert.True(r.ExitCode == 1 || r.ExitCode == 3, r.All);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            before.AssertUnchanged();
            Assert.Empty(Directory.GetFiles(w.Folder, "*krestore-*"));
        }

        private static string Run(string exe, params string[] args) =>
            ProcessRunner.RunChecked(exe, args, TimeSpan.FromMinutes(1)).StdOut;
    }
}
