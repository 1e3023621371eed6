using System;
using Common.DumpFormats;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>
    /// The page bitmap against a plain bool array over several of its 64 KiB chunks, and its
    /// memory following the frames that are set, not the highest frame an image names.
    /// </summary>
    public sealed class PfnBitmapTests
    {
        private const ulong Frames = 5 * 524288 + 1234; // five chunks and a part of a sixth

        [Fact]
        public void EveryOperationAgreesWithAPlainArray()
        {
            var random = new Random(12);
            var bitmap = new PfnBitmap(Frames);
            var plain = new bool[Frames];
            for (int op = 0; op < 400; op++)
            {
                ulong a = (ulong)(random.NextDouble() * Frames);
                ulong n = (ulong)random.Next(1, op % 10 == 0 ? 600000 : 300);
                ulong b = Math.Min(Frames + 5, a + n);
                bool value = random.Next(3) > 0;
                if (op % 2 == 0) bitmap.SetRange(a, b, value);
                else for (ulong p = a; p < b; p++) bitmap[p] = value;
                for (ulong p = a; p < Math.Min(b, Frames); p++) plain[p] = value;
            }
            // Chunk 3 was never touched: it costs nothing.
            bitmap.SetRange(3 * 524288, 4 * 524288, false);
            Array.Clear(plain, 3 * 524288, 524288);

            ulong rank = 0;
            ulong next = bitmap.NextSet(0);
            for (ulong p = 0; p < Frames; p++)
            {
                if (p % 997 == 0) Assert.Equal(rank, bitmap.Rank(p));
                Assert.Equal(plain[p], bitmap[p]);
                if (plain[p])
                {
                    Assert.Equal(p, next);
                    next = bitmap.NextSet(p + 1);
                    rank++;
                }
            }
            Assert.Equal(Frames, next);
            Assert.Equal(rank, bitmap.Rank(Frames));
            Assert.Equal(rank, bitmap.CountSet());
            Assert.False(bitmap[Frames]);

            // As a kdump file stores it, read back through the byte constructor.
            var bytes = new byte[bitmap.ByteLength + 3];
            bitmap.CopyTo(0, bytes);
            for (ulong p = 0; p < Frames; p++)
                Assert.Equal(plain[p], (bytes[p >> 3] & (1 << (int)(p & 7))) != 0);
            Assert.Equal(0, bytes[bitmap.ByteLength] | bytes[bitmap.ByteLength + 2]);
            var copy = new PfnBitmap(Frames, bytes);
            var piece = new byte[70000];
            copy.CopyTo(100000, piece);
            Assert.Equal(bytes.AsSpan(100000, 70000).ToArray(), piece);
            Assert.Equal(rank, copy.CountSet());

            // A clone is independent of its original.
            PfnBitmap clone = bitmap.Clone();
            ulong first = bitmap.NextSet(0);
            clone[first] = false;
            Assert.True(bitmap[first]);
            Assert.Equal(rank - 1, clone.Rank(Frames));
        }

        [Fact]
        public void AFewFramesAtTheTopOfTheLargestBitmapCostOneChunk()
        {
            var bitmap = new PfnBitmap(PfnBitmap.MaxBitCount);
            ulong start = PfnBitmap.MaxBitCount - 1000;
            bitmap.SetRange(start, PfnBitmap.MaxBitCount, true);
            bitmap.SetRange(0, start, false);
            Assert.Equal(64 << 10, bitmap.AllocatedBytes);
            Assert.Equal(start, bitmap.NextSet(0));
            Assert.Equal(1000UL, bitmap.Rank(PfnBitmap.MaxBitCount));
            Assert.Equal(1000UL, bitmap.CountSet());
            Assert.Equal(64 << 10, bitmap.Clone().AllocatedBytes);
            Assert.Throws<DumpFormatException>(() => new PfnBitmap(PfnBitmap.MaxBitCount + 1));
        }
    }
}
