using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Common.DumpFormats;
using Common.DumpFormats.Kdump;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.BadInput
{
    /// <summary>
    /// Truncated and corrupted copies of real images, damaged at many places: every one is
    /// refused before a byte reaches the target.
    /// </summary>
    [Collection(ImagesCollection.Name)]
    public sealed class DamagedImageTests
    {
        private readonly ImageCache _images;

        public DamagedImageTests(ImageCache images) => _images = images;

        private void AssertRefused(Workspace w, string target, TargetSnapshot before, string image, string what)
        {
            Tools.Result r = Tools.KRestore("--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, "--temp-dir", w.Folder, image);
            Assert.True(r.ExitCode == 1, $"{what}: exit code {r.ExitCode}\n{r.All}");
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains("nothing was written", r.Stderr);
            before.AssertUnchanged();
        }

        private static void CopyPrefix(string from, string to, long length)
        {
            using var src = new FileStream(from, FileMode.Open, FileAccess.Read);
            using var dst = new FileStream(to, FileMode.Create, FileAccess.Write);
            var buf = new byte[1 << 20];
            long left = length;
            while (left > 0)
            {
                int n = src.Read(buf, 0, (int)Math.Min(buf.Length, left));
                if (n <= 0) break;
                dst.Write(buf, 0, n);
                left -= n;
            }
        }

        [Theory]
        [InlineData("c")]
        [InlineData("l")]
        [InlineData("E")]
        [InlineData("F")]
        public void Truncated_copies_are_refused(string form)
        {
            string image = _images.Image(form, 17);
            long length = new FileInfo(image).Length;
            using var w = new Workspace("truncated-" + form);
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            // Inside the headers, the bitmaps/program headers, the page descriptors, early, middle and late page data, one byte short.
            var offsets = new List<long> { 0, 7, 100, 600, 4096 + 50, 3 * 4096, 20000, 70000, 300000, length / 10, length / 3, length / 2, length * 9 / 10, length - 4096, length - 1 };
            string cut = w.PathOf("cut");
            foreach (long at in offsets)
            {
                if (at >= length) continue;
                CopyPrefix(image, cut, at);
                AssertRefused(w, target, before, cut, $"-{form} cut at {at} of {length}");
            }
        }

        // With its digests, every damaged page is refused, named by the range of pages its block
        // holds. Without them (--allow-no-digests), only the decoders can tell: a flip in the
        // padding bits deflate skips before a stored block changes nothing that is decoded; then
        // the restore must succeed and write the page exactly as it was.
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Pages_corrupted_anywhere_in_the_page_data_are_refused_or_decode_to_the_same_page(bool digests)
        {
            string image = _images.Image("c", 17);
            using var w = new Workspace("corrupt-data");
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            string copy = _images.CopyOf(image, w.Folder, "corrupt.c");
            if (!digests) ImageTrailer.Strip(copy);
            string[] allow = digests ? Array.Empty<string>() : new[] { "--allow-no-digests" };
            // Flip one bit inside the stored bytes of 24 pages spread over the file, one at a time.
            List<(ulong Pfn, long Offset, uint Size)> pages = StoredPages(image, 24);
            var rng = new Random(7);
            int refused = 0;
            foreach ((ulong pfn, long offset, uint size) in pages)
            {
                long at = offset + rng.Next((int)size);
                byte old = ReadByte(copy, at);
                WriteByte(copy, at, (byte)(old ^ (1 << rng.Next(8))));
                string what = $"bit flipped at {at} (page 0x{pfn * 4096:x}, stored at {offset}+{size})";
                Tools.Result r = Tools.KRestore(allow.Concat(new[] { "--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, copy }).ToArray());
                if (digests) Assert.True(r.ExitCode == 1, $"{what}: exit code {r.ExitCode}\n{r.All}");
                if (r.ExitCode == 1)
                {
                    refused++;
                    Assert.Contains("nothing was written", r.Stderr);
                    if (digests) AssertNamesPage(r.Stderr, pfn, what);
                    else Assert.Contains($"page at 0x{pfn * 4096:x}", r.Stderr);
                    before.AssertUnchanged();
                }
                else
                {
                    Assert.True(r.ExitCode == 0, $"{what}: exit code {r.ExitCode}\n{r.All}");
                    var original = new byte[4096];
                    using (var orig = Common.DumpFormats.Elf.ElfCorePageSource.Open(_images.Fixture.Elf)) orig.ReadPage(pfn, original);
                    var got = new byte[4096];
                    using (var t = new FileStream(target, FileMode.Open, FileAccess.Read))
                    {
                        t.Position = (long)(pfn * 4096);
                        t.ReadExactly(got);
                    }
                    Assert.True(original.AsSpan().SequenceEqual(got), $"{what}: accepted, but the page written differs from the original");
                    File.Delete(target);
                    target = TargetSnapshot.MakeTarget(w, "target" + at);
                    before = TargetSnapshot.Take(target);
                }
                WriteByte(copy, at, old);
            }
            Assert.True(refused >= pages.Count * 3 / 4, $"only {refused} of {pages.Count} damaged pages were refused");
        }

        [Fact]
        public void Corrupted_page_descriptors_and_headers_are_refused()
        {
            string image = _images.Image("l", 17);
            using var w = new Workspace("corrupt-meta");
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            string copy = _images.CopyOf(image, w.Folder, "corrupt.l");
            var damage = new List<(long Offset, byte Value, string What)>
            {
                (0, (byte)'X', "signature"),
                (428, 0x13, "block_size"),
                (4096 + 8, 0x7f, "sub-header dump level field"),
            };
            foreach (long d in DescriptorOffsets(image, 8))
            {
                damage.Add((d + 7, 0x40, "descriptor offset"));      // offset far past the end of the file
                damage.Add((d + 11, 0x10, "descriptor size"));       // size beyond two pages
            }
            foreach ((long at, byte value, string what) in damage)
            {
                byte old = ReadByte(copy, at);
                WriteByte(copy, at, value);
                AssertRefused(w, target, before, copy, what + " at " + at);
                WriteByte(copy, at, old);
            }
        }

        // "the page data of pfn 0xA (physical ...)" or "the page data of N pages, pfn 0xA to 0xB".
        private static void AssertNamesPage(string message, ulong pfn, string what)
        {
            Assert.Contains("is damaged", message);
            System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(message, "page data of (?:pfn 0x([0-9a-f]+) \\(|\\d+ pages, pfn 0x([0-9a-f]+) to 0x([0-9a-f]+))");
            Assert.True(m.Success, $"{what}: the message names no pages: {message}");
            ulong lo = Convert.ToUInt64(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, 16);
            ulong hi = m.Groups[1].Success ? lo : Convert.ToUInt64(m.Groups[3].Value, 16);
            Assert.True(lo <= pfn && pfn <= hi, $"{what}: the message names pfns 0x{lo:x}-0x{hi:x}: {message}");
        }

        private static List<(ulong, long, uint)> StoredPages(string image, int count)
        {
            var list = new List<(ulong, long, uint)>();
            using var k = KdumpPageSource.Open(image);
            var present = new List<ulong>();
            for (ulong pfn = 0; pfn < k.MaxMapNr; pfn++) if (k.HasPage(pfn)) present.Add(pfn);
            var seen = new HashSet<long>();
            for (int i = 0; i < present.Count && list.Count < count; i += Math.Max(1, present.Count / count))
            {
                Assert.True(k.TryReadDescriptor(present[i], out PageDescriptor d));
                // Zero pages share one stored page; take each stored page once.
                if (d.Flags != 0 && seen.Add(d.Offset)) list.Add((present[i], d.Offset, d.Size));
            }
            // Where the spread samples hit mostly raw (incompressible) or zero pages, take the next compressed ones.
            for (int i = 0; i < present.Count && list.Count < count; i++)
            {
                Assert.True(k.TryReadDescriptor(present[i], out PageDescriptor d));
                if (d.Flags != 0 && seen.Add(d.Offset)) list.Add((present[i], d.Offset, d.Size));
            }
            Assert.True(list.Count >= count / 2);
            return list;
        }

        // File offsets of page descriptors spread over the table (descriptor n is at the table start + 24 n).
        private static List<long> DescriptorOffsets(string image, int count)
        {
            using var k = KdumpPageSource.Open(image);
            DiskDumpHeader h = k.Header;
            long table = (long)(KdumpConstants.HeaderBlocks + h.SubHeaderBlocks) * h.BlockSize + (long)h.BitmapBlocks * h.BlockSize;
            ulong n = k.DumpedBitmap.CountSet();
            var list = new List<long>();
            for (int i = 0; i < count; i++) list.Add(table + (long)(n / (ulong)count * (ulong)i) * KdumpConstants.PageDescriptorSize);
            return list;
        }

        private static byte ReadByte(string path, long at)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read);
            f.Position = at;
            return (byte)f.ReadByte();
        }

        private static void WriteByte(string path, long at, byte value)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
            f.Position = at;
            f.WriteByte(value);
        }
    }
}
