using System;
using System.IO;
using System.Linq;
using Common.DumpFormats.Kdump;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.Restore
{
    /// <summary>
    /// An image whose digests match is decoded once, while it is written, instead of once to
    /// check it and again to write it: the result must be the same bytes and the same counts
    /// as with --check-pages (the decode before writing), and an image whose writer stored a
    /// page that does not decode (its digests then match) must stop with exit code 3 and say
    /// how much was written, while --check-pages and --dry-run refuse it with nothing written.
    /// </summary>
    [Collection(ImagesCollection.Name)]
    public sealed class DecodeWhileWritingTests
    {
        private readonly ImageCache _images;

        public DecodeWhileWritingTests(ImageCache images) => _images = images;

        private Tools.Result Restore(Workspace w, string target, string image, params string[] extra) =>
            Tools.KRestore(extra.Concat(new[] { "--json", "--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, image }).ToArray());

        [Theory]
        [InlineData("l", 17)]
        [InlineData("c", 1)]
        [InlineData("z", 0)]
        public void Decoding_while_writing_writes_and_counts_what_checking_first_does(string form, int level)
        {
            string image = _images.Image(form, level);
            using var w = new Workspace($"decode-{form}{level}");
            string once = TargetSnapshot.MakeTarget(w, "once");
            string twice = TargetSnapshot.MakeTarget(w, "twice");

            Tools.Result a = Restore(w, once, image, "--message-level", "15");
            Assert.True(a.ExitCode == 0, a.All);
            Assert.Contains("decoded while writing", a.Stderr);
            Tools.Result b = Restore(w, twice, image, "--check-pages", "--message-level", "15");
            Assert.True(b.ExitCode == 0, b.All);
            Assert.DoesNotContain("decoded while writing", b.Stderr);

            var sa = new SummaryJson(a.Stdout);
            var sb = new SummaryJson(b.Stdout);
            foreach (string field in new[] { "pages_written", "pages_zero_filled", "pages_skipped", "bytes_written" })
                Assert.True(sa.U(field) == sb.U(field), $"{field}: {sa.U(field)} decoding while writing, {sb.U(field)} checking first");
            Assert.Equal(true, sa.B("verified"));
            // At level 0 the zero pages are stored (as references to one zero page): they must
            // still be told apart when they are decoded only while writing.
            if (level == 0) Assert.True(sa.U("pages_zero_filled") > 1000, $"only {sa.U("pages_zero_filled")} zero-filled pages");
            Assert.True(SameBytes(once, twice), "the two targets differ");
        }

        // The targets are sparse files of several GiB: compared a MiB at a time.
        private static bool SameBytes(string a, string b)
        {
            using var fa = new FileStream(a, FileMode.Open, FileAccess.Read);
            using var fb = new FileStream(b, FileMode.Open, FileAccess.Read);
            if (fa.Length != fb.Length) return false;
            var ba = new byte[1 << 20];
            var bb = new byte[1 << 20];
            int n;
            while ((n = fa.Read(ba, 0, ba.Length)) > 0)
            {
                fb.ReadExactly(bb, 0, n);
                if (!ba.AsSpan(0, n).SequenceEqual(bb.AsSpan(0, n))) return false;
            }
            return true;
        }

        [Fact]
        public void A_page_that_does_not_decode_under_matching_digests_stops_the_write_and_says_so()
        {
            string image = _images.Image("c", 17);
            using var w = new Workspace("decode-undecodable");
            string copy = _images.CopyOf(image, w.Folder, "undecodable.c");
            // A writer that stores a damaged zlib page and digests of what it stored: digests
            // match, the page does not decode. The page is late in the image, so that the
            // write has started when it is reached.
            ImageTrailer.Strip(copy);
            (ulong pfn, long offset, uint size) = LateZlibPage(copy);
            using (var f = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite))
            {
                f.Position = offset + size / 2;
                int old = f.ReadByte();
                f.Position = offset + size / 2;
                f.WriteByte((byte)(old ^ 0xff));
            }
            ImageTrailer.Append(copy);

            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            foreach (string check in new[] { "--check-pages", "--dry-run" })
            {
                Tools.Result refused = Restore(w, target, copy, check);
                Assert.True(refused.ExitCode == 1, $"{check}: exit code {refused.ExitCode}\n{refused.All}");
                Assert.Contains($"page at 0x{pfn * 4096:x}", refused.Stderr);
                Assert.Contains("nothing was written", refused.Stderr);
                before.AssertUnchanged();
            }

            Tools.Result r = Restore(w, target, copy);
            Assert.True(r.ExitCode == 3, $"exit code {r.ExitCode}\n{r.All}");
            string line = Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains("does not decode although its digests match", line);
            Assert.Contains("the target is partly written", line);
        }

        // A zlib-compressed page in the last quarter of the image's pages.
        private static (ulong Pfn, long Offset, uint Size) LateZlibPage(string image)
        {
            using var k = KdumpPageSource.Open(image);
            ulong[] present = Enumerable.Range(0, (int)k.MaxMapNr).Select(i => (ulong)i).Where(k.HasPage).ToArray();
            for (int i = present.Length * 3 / 4; i < present.Length; i++)
            {
                Assert.True(k.TryReadDescriptor(present[i], out PageDescriptor d));
                if (d.Flags != 0 && d.Size > 64) return (present[i], d.Offset, d.Size);
            }
            throw new InvalidOperationException("no compressed page in the last quarter of the image");
        }
    }
}
