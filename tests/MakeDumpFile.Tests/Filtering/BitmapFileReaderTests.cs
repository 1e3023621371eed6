using Common.DumpFormats;
using MakeDumpFile.Filtering;
using Xunit;

namespace MakeDumpFile.Tests.Filtering
{
    /// <summary>
    /// The reads of makedumpfile's is_dumpable_file() as BitmapFileReader replays them, on small
    /// bitmaps whose answers can be worked out by hand (the differential tests check the same
    /// rule against makedumpfile 1.7.2 itself on real vmcores).
    /// </summary>
    public sealed class BitmapFileReaderTests
    {
        private const ulong B = BitmapFileReader.BlockFrames;

        private static PfnBitmap Keep(ulong maxMapNr, params ulong[] kept)
        {
            var b = new PfnBitmap(maxMapNr);
            foreach (ulong p in kept) b[p] = true;
            return b;
        }

        [Fact]
        public void BelowMaxMapNrTheAnswerIsTheBitmap()
        {
            PfnBitmap keep = Keep(3 * B, 0, 5, B + 7, 3 * B - 1);
            var r = new BitmapFileReader(keep, 3 * B, 4096);
            foreach (ulong p in new ulong[] { 0, 1, 5, B + 6, B + 7, 2 * B, 3 * B - 1, 5, 0 })
                Assert.Equal(keep[p], r.IsDumpable(p));
        }

        [Fact]
        public void PastTheFileTheLastBlockReadAnswersAtTheSameBit()
        {
            // Frames 0x1ffc0.. of the last block kept; a frame far above reads block 31, past the
            // end of a 4-block file: the buffer still holds block 3.
            PfnBitmap keep = Keep(4 * B, 4 * B - 64, 4 * B - 63, 5);
            var r = new BitmapFileReader(keep, 4 * B, 4096);
            Assert.False(r.IsDumpable(3 * B + 10));
            Assert.True(r.IsDumpable(0xfffc0));
            Assert.True(r.IsDumpable(0xfffc1));
            Assert.False(r.IsDumpable(0xfffc2));
            Assert.Equal(3UL, r.BufferedBlock);
            // Back in RAM, block 0 is read; past the end again, block 0 answers.
            Assert.True(r.IsDumpable(5));
            Assert.True(r.IsDumpable(31 * B + 5));
            Assert.False(r.IsDumpable(0xfffc0));
        }

        [Fact]
        public void FramesBetweenMaxMapNrAndTheEndOfTheFileAreNotKept()
        {
            // max_mapnr 2B + 1: the file holds 3 blocks (8193 bytes rounded up to the page), and
            // frames 2B + 1.. of block 2 read as zero where block 0 has bits.
            PfnBitmap keep = Keep(B * 2 + 1, 1, 2, B * 2);
            var r = new BitmapFileReader(keep, B * 2 + 1, 4096);
            Assert.True(r.IsDumpable(1));
            Assert.True(r.IsDumpable(B * 2));
            Assert.False(r.IsDumpable(B * 2 + 1));
            Assert.False(r.IsDumpable(B * 2 + 2));
        }

        [Fact]
        public void ABlockCutByTheEndOfTheFileOverwritesOnlyWhatWasRead()
        {
            // Page size 1024: max_mapnr B + 100 needs 4109 bytes, 5120 in the file, so block 1
            // reads 1024 bytes (frames B..B+8191); its other bits stay those of block 0.
            PfnBitmap keep = Keep(B + 100, 9000, 20, B + 30);
            var r = new BitmapFileReader(keep, B + 100, 1024);
            Assert.True(r.IsDumpable(9000));
            Assert.False(r.IsDumpable(B + 9000 - 1));
            Assert.True(r.IsDumpable(B + 9000));
            Assert.False(r.IsDumpable(B + 20));
            Assert.True(r.IsDumpable(B + 30));
        }
    }
}
