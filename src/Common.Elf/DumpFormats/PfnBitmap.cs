using System;

namespace Common.DumpFormats
{
    /// <summary>
    /// One bit per page frame, bit (pfn % 8) of byte (pfn / 8), as the kdump-compressed
    /// bitmaps store them (makedumpfile IMPLEMENTATION, "bitmap"). Stored in chunks of 64 KiB
    /// (2 GiB of 4 KiB pages each) that exist only once a bit in them is set, so the memory a
    /// bitmap costs follows the frames an image really has, not the highest address it names:
    /// an ELF core of a few KiB whose one PT_LOAD sits at 32 TiB costs one chunk, not 1 GiB.
    /// </summary>
    public sealed class PfnBitmap
    {
        private const int ChunkShift = 16;
        private const int ChunkBytes = 1 << ChunkShift;
        private const ulong FramesPerChunk = (ulong)ChunkBytes * 8;
        private const int RankBlock = 512; // bytes per entry of a chunk's rank table

        private readonly byte[]?[] _chunks;
        // Built on the first Rank after a change; one object, so that readers on other threads
        // (page reads of a kdump file run in parallel) see both tables or neither.
        private RankTables? _rank;

        /// <summary>
        /// The most page frames a bitmap holds: 2^33, 32 TiB of 4 KiB pages. An ELF core states
        /// its extent in a few header bytes (/proc/vmcore does), so a larger one is refused as
        /// the input's fault; a kdump file of that many frames carries 1 GiB of bitmap itself.
        /// </summary>
        public const ulong MaxBitCount = 1UL << 33;

        public PfnBitmap(ulong bitCount)
        {
            if (bitCount > MaxBitCount)
                throw new DumpFormatException($"the image describes page frames up to 0x{bitCount:x}, more than the 0x{MaxBitCount:x} (32 TiB of 4 KiB pages) a page bitmap holds");
            BitCount = bitCount;
            ByteLength = (long)((bitCount + 7) / 8);
            _chunks = new byte[]?[(ByteLength + ChunkBytes - 1) / ChunkBytes];
        }

        /// <summary>
        /// A bitmap whose every chunk exists from the start (frames / 8 bytes), so that threads may
        /// set bits at the same time as long as no two write the same byte (krestore's scan gives
        /// each thread its own blocks of a multiple of 8 frames). A sparse bitmap allocates chunks
        /// as bits are set and must be written by one thread.
        /// </summary>
        public static PfnBitmap Dense(ulong bitCount)
        {
            var b = new PfnBitmap(bitCount);
            for (int c = 0; c < b._chunks.Length; c++) b._chunks[c] = new byte[ChunkBytes];
            return b;
        }

        /// <summary>A bitmap of <paramref name="bitCount"/> frames read from <paramref name="bytes"/> (a kdump file's bitmap).</summary>
        public PfnBitmap(ulong bitCount, byte[] bytes) : this(bitCount)
        {
            long n = Math.Min(bytes.Length, ByteLength);
            for (int c = 0; c < _chunks.Length; c++)
            {
                long start = (long)c * ChunkBytes;
                if (start >= n) break;
                int length = (int)Math.Min(ChunkBytes, n - start);
                if (IsAllZero(bytes, start, length)) continue;
                var chunk = new byte[ChunkBytes];
                Array.Copy(bytes, start, chunk, 0, length);
                _chunks[c] = chunk;
            }
            // Bits past the end are not pages.
            int tail = (int)(bitCount % 8);
            if (tail != 0)
            {
                byte[]? last = _chunks[(ByteLength - 1) >> ChunkShift];
                if (last != null) last[(ByteLength - 1) & (ChunkBytes - 1)] &= (byte)((1 << tail) - 1);
            }
        }

        private PfnBitmap(PfnBitmap other)
        {
            BitCount = other.BitCount;
            ByteLength = other.ByteLength;
            _chunks = new byte[]?[other._chunks.Length];
            for (int c = 0; c < _chunks.Length; c++)
                if (other._chunks[c] is byte[] chunk) _chunks[c] = (byte[])chunk.Clone();
        }

        public ulong BitCount { get; }

        /// <summary>Bytes of the bitmap as a kdump file stores it: ceil(BitCount / 8).</summary>
        public long ByteLength { get; }

        /// <summary>Bytes of memory the bitmap holds now (its allocated chunks).</summary>
        public long AllocatedBytes
        {
            get
            {
                long n = 0;
                foreach (byte[]? chunk in _chunks) if (chunk != null) n += ChunkBytes;
                return n;
            }
        }

        public bool this[ulong pfn]
        {
            get
            {
                if (pfn >= BitCount) return false;
                byte[]? chunk = _chunks[pfn / FramesPerChunk];
                return chunk != null && (chunk[(pfn >> 3) & (ChunkBytes - 1)] & (1 << (int)(pfn & 7))) != 0;
            }
            set
            {
                if (pfn >= BitCount) return;
                long c = (long)(pfn / FramesPerChunk);
                byte[]? chunk = _chunks[c];
                if (chunk == null)
                {
                    if (!value) return;
                    chunk = _chunks[c] = new byte[ChunkBytes];
                }
                long i = (long)((pfn >> 3) & (ChunkBytes - 1));
                if (value) chunk[i] |= (byte)(1 << (int)(pfn & 7));
                else chunk[i] &= (byte)~(1 << (int)(pfn & 7));
                Invalidate();
            }
        }

        public void SetRange(ulong start, ulong end, bool value)
        {
            if (end > BitCount) end = BitCount;
            ulong p = start;
            while (p < end)
            {
                long c = (long)(p / FramesPerChunk);
                ulong chunkEnd = Math.Min(end, (ulong)(c + 1) * FramesPerChunk);
                byte[]? chunk = _chunks[c];
                if (chunk == null)
                {
                    if (!value) { p = chunkEnd; continue; }
                    chunk = _chunks[c] = new byte[ChunkBytes];
                }
                for (; p < chunkEnd; p++)
                {
                    long i = (long)((p >> 3) & (ChunkBytes - 1));
                    if ((p & 7) == 0 && chunkEnd - p >= 8)
                    {
                        chunk[i] = value ? (byte)0xff : (byte)0;
                        p += 7;
                        continue;
                    }
                    if (value) chunk[i] |= (byte)(1 << (int)(p & 7));
                    else chunk[i] &= (byte)~(1 << (int)(p & 7));
                }
            }
            Invalidate();
        }

        public ulong CountSet()
        {
            ulong n = 0;
            foreach (byte[]? chunk in _chunks)
                if (chunk != null)
                    foreach (byte b in chunk) n += (ulong)PopCount(b);
            return n;
        }

        public PfnBitmap Clone() => new PfnBitmap(this);

        /// <summary>
        /// Copies bytes [<paramref name="byteOffset"/>, + destination length) of the bitmap as a
        /// kdump file stores it; bytes past <see cref="ByteLength"/> are zero.
        /// </summary>
        public void CopyTo(long byteOffset, Span<byte> destination)
        {
            destination.Clear();
            long at = byteOffset;
            int done = 0;
            while (done < destination.Length && at < ByteLength)
            {
                long c = at >> ChunkShift;
                int inChunk = (int)(at & (ChunkBytes - 1));
                int n = (int)Math.Min(Math.Min(ChunkBytes - inChunk, destination.Length - done), ByteLength - at);
                if (_chunks[c] is byte[] chunk) chunk.AsSpan(inChunk, n).CopyTo(destination.Slice(done));
                done += n;
                at += n;
            }
        }

        /// <summary>The whole bitmap as a kdump file stores it (ByteLength bytes: for comparisons, not for large images).</summary>
        public byte[] ToArray()
        {
            var bytes = new byte[ByteLength];
            CopyTo(0, bytes);
            return bytes;
        }

        /// <summary>How many set bits come before <paramref name="pfn"/> (the page's index among the dumped pages).</summary>
        public ulong Rank(ulong pfn)
        {
            if (pfn > BitCount) pfn = BitCount;
            RankTables rank = _rank ??= BuildRank();
            long c = (long)(pfn / FramesPerChunk);
            if (c >= _chunks.Length) return rank.BeforeChunk[_chunks.Length];
            ulong count = rank.BeforeChunk[c];
            byte[]? chunk = _chunks[c];
            int[]? blocks = rank.BeforeBlock[c];
            if (chunk == null || blocks == null) return count;
            int byteIndex = (int)((pfn >> 3) & (ChunkBytes - 1));
            count += (ulong)blocks[byteIndex / RankBlock];
            for (int i = byteIndex / RankBlock * RankBlock; i < byteIndex; i++) count += (ulong)PopCount(chunk[i]);
            int rem = (int)(pfn & 7);
            if (rem != 0) count += (ulong)PopCount((byte)(chunk[byteIndex] & ((1 << rem) - 1)));
            return count;
        }

        /// <summary>The next set bit at or after <paramref name="pfn"/>, or BitCount.</summary>
        public ulong NextSet(ulong pfn)
        {
            while (pfn < BitCount)
            {
                long c = (long)(pfn / FramesPerChunk);
                byte[]? chunk = _chunks[c];
                ulong chunkEnd = Math.Min(BitCount, (ulong)(c + 1) * FramesPerChunk);
                if (chunk == null) { pfn = chunkEnd; continue; }
                while (pfn < chunkEnd)
                {
                    byte b = chunk[(pfn >> 3) & (ChunkBytes - 1)];
                    if (b == 0 && (pfn & 7) == 0) { pfn += 8; continue; }
                    if ((b & (1 << (int)(pfn & 7))) != 0) return pfn;
                    pfn++;
                }
            }
            return BitCount;
        }

        private void Invalidate() => _rank = null;

        private sealed class RankTables
        {
            public RankTables(ulong[] beforeChunk, int[]?[] beforeBlock)
            {
                BeforeChunk = beforeChunk;
                BeforeBlock = beforeBlock;
            }

            /// <summary>Set bits before each chunk, and in all at the end.</summary>
            public ulong[] BeforeChunk { get; }
            /// <summary>Per allocated chunk: set bits before each 512-byte block of it.</summary>
            public int[]?[] BeforeBlock { get; }
        }

        private RankTables BuildRank()
        {
            var chunkRank = new ulong[_chunks.Length + 1];
            var blockRank = new int[]?[_chunks.Length];
            ulong total = 0;
            for (int c = 0; c < _chunks.Length; c++)
            {
                chunkRank[c] = total;
                if (!(_chunks[c] is byte[] chunk)) continue;
                var blocks = new int[ChunkBytes / RankBlock];
                int acc = 0;
                for (int i = 0; i < ChunkBytes; i++)
                {
                    if (i % RankBlock == 0) blocks[i / RankBlock] = acc;
                    acc += PopCount(chunk[i]);
                }
                blockRank[c] = blocks;
                total += (ulong)acc;
            }
            chunkRank[_chunks.Length] = total;
            return new RankTables(chunkRank, blockRank);
        }

        private static bool IsAllZero(byte[] bytes, long start, int length)
        {
            for (long i = start; i < start + length; i++) if (bytes[i] != 0) return false;
            return true;
        }

        private static int PopCount(byte b)
        {
            int v = b;
            v = v - ((v >> 1) & 0x55);
            v = (v & 0x33) + ((v >> 2) & 0x33);
            return (v + (v >> 4)) & 0x0f;
        }
    }
}
