using TestSupport;
using System;
using System.IO;
using Common.Memory;
using KRestore.Planning;
using KRestore.Target;
using KRestore.Writing;
using Xunit;

namespace KRestore.Tests.Units
{
    public sealed class RangeAndIomemTests
    {
        [Fact]
        public void Ranges_merge_and_answer_containment()
        {
            RangeSet s = RangeSet.Parse("0x100000-0x1fffff,200000-2fffff, 1000-9fbff");
            Assert.Equal(2, s.Ranges.Count);
            Assert.True(s.Contains(0x100000, 0x300000));
            Assert.False(s.Contains(0x9f000, 0xa0000));
            Assert.True(s.Intersects(0x9f000, 0xa0000));
            Assert.False(s.Intersects(0xa0000, 0x100000));
            Assert.Equal(0x300000UL, s.End);
            Assert.Throws<FormatException>(() => RangeSet.Parse("5-4"));
            Assert.Throws<FormatException>(() => RangeSet.Parse("zz-10"));
        }

        [Fact]
        public void System_RAM_of_a_real_guests_iomem_is_read_from_top_level_lines()
        {
            string iomem = PreparedFixtures.Ours.IoMem;
            RangeSet ram = SystemRam.Parse(File.ReadAllLines(iomem), iomem);
            Assert.Equal("0x1000-0x9fbff,0x100000-0x1ffdcfff", ram.ToString());
            // The host's own /proc/iomem, read as root, has System RAM too.
            Assert.False(SystemRam.Read("/").IsEmpty);
        }

        [Fact]
        public void Iomem_as_an_unprivileged_user_sees_it_is_refused()
        {
            Assert.Throws<UnauthorizedAccessException>(() => SystemRam.Parse(new[] { "00000000-00000000 : System RAM", "00000000-00000000 : Reserved" }, "iomem"));
        }

        [Fact]
        public void Chunks_cover_runs_exactly_and_stop_at_gaps()
        {
            var runs = new[]
            {
                new WriteRun(0x1000, 0x1000, 0x9ec00, false),   // ends mid-page, like 0x9fc00
                new WriteRun(0x100000, 0x100000, 0x300000, true),
                new WriteRun(0x400000, 0x400000, 0x1000, false),
                new WriteRun(0x401000, 0x7000000, 0x1000, false),
            };
            var chunks = ChunkPlanner.Split(runs, 4096);
            ulong total = 0;
            foreach (Chunk c in chunks)
            {
                Assert.True(c.Length <= Chunk.ChunkBytes);
                total += (ulong)c.Length;
            }
            Assert.Equal(0x9ec00UL + 0x300000 + 0x2000, total);
            Assert.Equal(0x1000UL, chunks[0].Target);
            Assert.Equal(0x100000UL, chunks[1].Target);
            // The last two runs are contiguous in the target: one chunk of two runs.
            Assert.Equal(2, chunks[chunks.Count - 1].RunCount);
        }

        [Fact]
        public void Page_hash_sees_a_single_changed_bit()
        {
            var page = new byte[4096];
            new Random(1).NextBytes(page);
            ulong h = PageHash.Of(page);
            for (int i = 0; i < 4096; i += 97)
            {
                page[i] ^= 0x10;
                Assert.NotEqual(h, PageHash.Of(page));
                page[i] ^= 0x10;
            }
            Assert.Equal(h, PageHash.Of(page));
            Assert.NotEqual(PageHash.Of(new byte[4096]), PageHash.Of(new byte[2048]));
        }
    }
}
