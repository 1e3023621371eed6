using System;
using System.Buffers.Binary;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>
    /// KdumpPageSource.ReadPages reads a run of pages with one pread for their descriptors and
    /// one for each stretch of data stored back to back; it must give what ReadPage gives page
    /// by page, on real files of every compression, with the shared zero page of -d 0 and the
    /// holes of -d 31, and refuse a damaged descriptor inside a run as ReadPage does.
    /// </summary>
    public sealed class KdumpBatchedReadTests
    {
        [Theory]
        [InlineData("-c", 0)]
        [InlineData("-l", 0)]
        [InlineData("-p", 31)]
        [InlineData("-z", 31)]
        [InlineData("-l", 17)]
        public void RunsReadAsPageByPage(string compression, int level)
        {
            using var s = new Scratch();
            string kd = s.File("o.kd");
            Tools.MustSucceed(Tools.Ours($"-d {level} {compression} --message-level 0 \"{Fixtures.Ours612Elf}\" \"{kd}\""), "our makedumpfile");
            using KdumpPageSource source = KdumpPageSource.Open(kd);
            int ps = source.PageSize;
            // 700 pages a call: every call crosses a 512-page batch and most cross holes.
            const int perCall = 700;
            var batch = new byte[perCall * ps];
            var single = new byte[ps];
            ulong compared = 0;
            for (ulong first = 0; first < source.MaxMapNr; first += perCall)
            {
                int count = (int)Math.Min(perCall, source.MaxMapNr - first);
                source.ReadPages(first, count, batch.AsSpan(0, count * ps));
                for (int i = 0; i < count; i++)
                {
                    source.ReadPage(first + (ulong)i, single);
                    if (!batch.AsSpan(i * ps, ps).SequenceEqual(single))
                        Assert.Fail($"{compression} -d {level}: pfn 0x{first + (ulong)i:x} reads differently in a run");
                    if (source.HasPage(first + (ulong)i)) compared++;
                }
            }
            Assert.True(compared > 5_000, $"only {compared} dumped pages compared");
        }

        [Fact]
        public void ADescriptorPointingPastTheEndInsideARunIsRefused()
        {
            using var s = new Scratch();
            string kd = s.File("o.kd");
            Tools.MustSucceed(Tools.Ours($"-d 31 -l --message-level 0 \"{Fixtures.Ours612Elf}\" \"{kd}\""), "our makedumpfile");
            ulong victim;
            long descriptorAt;
            using (KdumpPageSource source = KdumpPageSource.Open(kd))
            {
                victim = FirstRunPfn(source, 64) + 40;
                descriptorAt = DescriptorOffset(source, victim);
            }
            // The 40th page of a run of 64 dumped pages now says its data lie past the file's end.
            using (var f = new FileStream(kd, FileMode.Open, FileAccess.ReadWrite))
            {
                var d = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(d, f.Length + 4096);
                f.Position = descriptorAt;
                f.Write(d, 0, d.Length);
            }
            using KdumpPageSource damaged = KdumpPageSource.Open(kd);
            var buffer = new byte[64 * damaged.PageSize];
            var e = Assert.Throws<DumpFormatException>(() => damaged.ReadPages(victim - 40, 64, buffer));
            Assert.Contains($"page descriptor of pfn 0x{victim:x} points outside the file", e.Message);
            var one = Assert.Throws<DumpFormatException>(() => damaged.ReadPage(victim, buffer.AsSpan(0, damaged.PageSize)));
            Assert.Equal(one.Message, e.Message);
        }

        private static ulong FirstRunPfn(KdumpPageSource source, int length)
        {
            for (ulong pfn = 0; pfn + (ulong)length <= source.MaxMapNr; pfn++)
            {
                int n = 0;
                while (n < length && source.HasPage(pfn + (ulong)n)) n++;
                if (n == length) return pfn;
                pfn += (ulong)n;
            }
            throw new InvalidOperationException($"no run of {length} dumped pages");
        }

        // Where pfn's page_desc_t lies: after the headers and both bitmaps, one per dumped page
        // in pfn order (makedumpfile's diskdump_mod.h layout).
        private static long DescriptorOffset(KdumpPageSource source, ulong pfn)
        {
            DiskDumpHeader h = source.Header;
            long bitmaps = (long)(KdumpConstants.HeaderBlocks + h.SubHeaderBlocks) * h.BlockSize;
            long descriptors = bitmaps + (long)h.BitmapBlocks * h.BlockSize;
            return descriptors + (long)source.DumpedBitmap.Rank(pfn) * KdumpConstants.PageDescriptorSize;
        }
    }
}
