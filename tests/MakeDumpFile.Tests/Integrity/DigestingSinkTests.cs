using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Output;
using Common.Elf;
using MakeDumpFile.Writers;
using Xunit;

namespace MakeDumpFile.Tests.Integrity
{
    /// <summary>
    /// The digest trailer on synthetic images written the way our writers write (header with
    /// padding, two interleaved streams as kdump descriptors and page data, a hole): what the
    /// sink digests is what the file holds, and any change to the file is found.
    /// </summary>
    public sealed class DigestingSinkTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "digest-tests-" + Guid.NewGuid().ToString("N"));
        private static readonly DigestParameters Small = new DigestParameters(DigestAlgorithm.Xxh3_128, 4096);

        public DigestingSinkTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        /// <summary>Writes an image of about 300 KiB: returns its path and the bytes before the trailer.</summary>
        private string WriteImage(string name, DigestParameters p, out byte[] content)
        {
            var rng = new Random(name.GetHashCode() & 0x7fff);
            content = new byte[300_000];
            string path = Path.Combine(_dir, name);
            using var sink = new DigestingSink(new FileDumpSink(path), p);
            // A header that does not fill its block, then a block no one writes (a hole).
            Put(sink, content, 0, Random(rng, 464));
            Put(sink, content, 4096, Random(rng, 104));
            // Descriptors [16384, 65536) and data [65536, end) in alternating pieces, each in order.
            long desc = 16384, data = 65536;
            while (desc < 65536 || data < content.Length)
            {
                if (desc < 65536) { int n = (int)Math.Min(24 * rng.Next(1, 300), 65536 - desc); Put(sink, content, desc, Random(rng, n)); desc += n; }
                if (data < content.Length) { int n = (int)Math.Min(rng.Next(1, 9000), content.Length - data); Put(sink, content, data, Random(rng, n)); data += n; }
            }
            sink.Commit();
            return path;
        }

        private static byte[] Random(Random rng, int n)
        {
            var b = new byte[n];
            rng.NextBytes(b);
            return b;
        }

        private static void Put(IDumpSink sink, byte[] content, long offset, byte[] bytes)
        {
            sink.Write(offset, bytes);
            bytes.CopyTo(content, offset);
        }

        [Fact]
        public void The_trailer_covers_exactly_the_bytes_written_and_verifies()
        {
            string path = WriteImage("a.img", Small, out byte[] content);
            byte[] file = File.ReadAllBytes(path);
            Assert.True(file.AsSpan(0, content.Length).SequenceEqual(content));
            long blocks = (content.Length + 4095) / 4096;
            Assert.Equal(content.Length + blocks * 16 + DigestTrailer.FooterSize, file.Length);
            DigestCheck c = ImageDigests.Verify(path, "a.img");
            Assert.True(c.Verified);
            Assert.Equal(blocks, c.BlocksChecked);
            Assert.Equal(content.Length, c.Trailer!.CoveredLength);
            Assert.Equal(Small, c.Trailer.Parameters);
        }

        [Fact]
        public void Default_parameters_are_64_KiB_blocks_of_xxh3_128()
        {
            string path = WriteImage("d.img", DigestParameters.Default, out byte[] content);
            DigestCheck c = ImageDigests.Verify(path, "d.img");
            Assert.True(c.Verified);
            Assert.Equal((content.Length + 65535) / 65536, c.BlocksChecked);
        }

        [Fact]
        public void Every_flipped_byte_is_found_whether_in_data_padding_hole_or_trailer()
        {
            string path = WriteImage("f.img", Small, out _);
            byte[] good = File.ReadAllBytes(path);
            var rng = new Random(5);
            // Every byte of the footer, 100 of the trailer's digests, 300 of the rest (padding and the hole included).
            var positions = new System.Collections.Generic.List<long>();
            for (long i = good.Length - 1; i >= good.Length - DigestTrailer.FooterSize; i--) positions.Add(i);
            for (int i = 0; i < 100; i++) positions.Add(300_000 + rng.Next(good.Length - DigestTrailer.FooterSize - 300_000));
            positions.AddRange(new long[] { 500, 3000, 8000, 12000 });
            for (int i = 0; i < 300; i++) positions.Add(rng.Next(300_000));
            foreach (long at in positions)
            {
                Poke(path, at, (byte)(good[at] ^ (1 << rng.Next(8))));
                try
                {
                    // A flip in the magic makes the file one without a trailer (refused by whoever
                    // requires digests); anywhere else it is damage.
                    Assert.False(ImageDigests.Verify(path, "f.img").Verified, $"flip at {at} not found");
                    long magic = good.Length - DigestTrailer.FooterSize;
                    Assert.True(at >= magic && at < magic + DigestTrailer.Magic.Length, $"flip at {at} hid the trailer");
                }
                catch (DumpFormatException e)
                {
                    Assert.StartsWith("f.img is damaged: ", e.Message);
                    if (at < 300_000) Assert.Contains($"bytes 0x{at / 4096 * 4096:x}-", e.Message);
                }
                Poke(path, at, good[at]);
            }
        }

        private static void Poke(string path, long at, byte value)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
            f.Position = at;
            f.WriteByte(value);
        }

        [Fact]
        public void A_truncated_image_has_no_trailer_or_a_damaged_one()
        {
            string path = WriteImage("t.img", Small, out _);
            byte[] good = File.ReadAllBytes(path);
            foreach (int cut in new[] { 0, 10, 4096, 150_000, 299_999, 300_000, 300_001, good.Length - 57, good.Length - 56, good.Length - 1 })
            {
                File.WriteAllBytes(path, good.AsSpan(0, cut).ToArray());
                bool refused;
                try { refused = !ImageDigests.Verify(path, "t.img").Verified; }
                catch (DumpFormatException) { refused = true; }
                Assert.True(refused, $"cut at {cut} accepted");
            }
        }

        [Fact]
        public void Bytes_written_again_after_their_block_was_digested_are_a_writer_bug()
        {
            string path = Path.Combine(_dir, "twice.img");
            using var sink = new DigestingSink(new FileDumpSink(path), Small);
            sink.Write(0, new byte[8192]);
            Assert.Throws<InvalidOperationException>(() => sink.Write(100, new byte[1]));
        }

        [Fact]
        public void The_note_announces_the_digests_and_rejects_nonsense()
        {
            var note = new KexecJumpNote { DumpLevel = 17, Digests = DigestParameters.Default };
            byte[] area = note.Encode();
            KexecJumpNote back = KexecJumpNote.Find(area);
            Assert.Equal(DigestParameters.Default, back.Digests);
            Assert.True(ImageDigests.AnnouncedIn(area));
            Assert.False(ImageDigests.AnnouncedIn(new KexecJumpNote { DumpLevel = 1 }.Encode()));

            var bad = new ElfNote(KexecJumpNote.NoteName, KexecJumpNote.TypeDigests, new byte[] { 1, 0, 0, 0, 0x10, 0, 0, 0 }); // block size 16
            var b = new byte[bad.EncodedSize];
            bad.Write(b);
            Assert.Throws<ElfFormatException>(() => KexecJumpNote.Find(b));
        }
    }
}
