using System;

namespace Common.DumpFormats
{
    /// <summary>
    /// One bit per page frame, bit (pfn % 8) of byte (pfn / 8), as the kdump-compressed
    /// bitmaps store them (makedumpfile IMPLEMENTATION, "bitmap"). 2 GiB of memory is 64 KiB here.
    /// </summary>
    public sealed class PfnBitmap
    {
        private readonly byte[] _bytes;
        private int[]? _rank;

        /// <summary>
        /// The most page frames a bitmap holds: 2^33, 32 TiB of 4 KiB pages in a 1 GiB array (.NET
        /// arrays end just short of 2 GiB). An ELF core states its extent in a few header bytes
        /// (/proc/vmcore does), so a larger one is refused as the input's fault, not allocated.
        /// </summary>
        public const ulong MaxBitCount = 1UL << 33;

        public PfnBitmap(ulong bitCount)
        {
            if (bitCount > MaxBitCount)
                throw new DumpFormatException($"the image describes page frames up to 0x{bitCount:x}, more than the 0x{MaxBitCount:x} (32 TiB of 4 KiB pages) a page bitmap holds");
            BitCount = bitCount;
            _bytes = new byte[(bitCount + 7) / 8];
        }

        public PfnBitmap(ulong bitCount, byte[] bytes)
        {
            if (bitCount > MaxBitCount)
                throw new DumpFormatException($"the image describes page frames up to 0x{bitCount:x}, more than the 0x{MaxBitCount:x} (32 TiB of 4 KiB pages) a page bitmap holds");
            BitCount = bitCount;
            _bytes = new byte[(bitCount + 7) / 8];
            Array.Copy(bytes, _bytes, Math.Min(bytes.Length, _bytes.Length));
            // Bits past the end are not pages.
            int tail = (int)(bitCount % 8);
            if (tail != 0) _bytes[_bytes.Length - 1] &= (byte)((1 << tail) - 1);
        }

        public ulong BitCount { get; }
        public byte[] Bytes => _bytes;

        public bool this[ulong pfn]
        {
            get => pfn < BitCount && (_bytes[pfn >> 3] & (1 << (int)(pfn & 7))) != 0;
            set
            {
                if (pfn >= BitCount) return;
                if (value) _bytes[pfn >> 3] |= (byte)(1 << (int)(pfn & 7));
                else _bytes[pfn >> 3] &= (byte)~(1 << (int)(pfn & 7));
                _rank = null;
            }
        }

        public void SetRange(ulong start, ulong end, bool value)
        {
            if (end > BitCount) end = BitCount;
            for (ulong p = start; p < end; p++)
            {
                if ((p & 7) == 0 && end - p >= 8)
                {
                    _bytes[p >> 3] = value ? (byte)0xff : (byte)0;
                    p += 7;
                    continue;
                }
                this[p] = value;
            }
            _rank = null;
        }

        public ulong CountSet()
        {
            ulong n = 0;
            foreach (byte b in _bytes) n += (ulong)PopCount(b);
            return n;
        }

        public PfnBitmap Clone() => new PfnBitmap(BitCount, _bytes);

        /// <summary>How many set bits come before <paramref name="pfn"/> (the page's index among the dumped pages).</summary>
        public ulong Rank(ulong pfn)
        {
            const int block = 512; // bytes per rank entry
            if (_rank == null)
            {
                var r = new int[_bytes.Length / block + 2];
                int acc = 0;
                for (int i = 0; i < _bytes.Length; i++)
                {
                    if (i % block == 0) r[i / block] = acc;
                    acc += PopCount(_bytes[i]);
                }
                // Rank(BitCount) of a bitmap that ends on a block boundary reads this entry.
                if (_bytes.Length % block == 0) r[_bytes.Length / block] = acc;
                _rank = r;
            }
            if (pfn > BitCount) pfn = BitCount;
            ulong byteIndex = pfn >> 3;
            ulong count = (ulong)_rank[byteIndex / block];
            for (ulong i = byteIndex / block * block; i < byteIndex; i++) count += (ulong)PopCount(_bytes[i]);
            int rem = (int)(pfn & 7);
            if (rem != 0) count += (ulong)PopCount((byte)(_bytes[byteIndex] & ((1 << rem) - 1)));
            return count;
        }

        /// <summary>The next set bit at or after <paramref name="pfn"/>, or BitCount.</summary>
        public ulong NextSet(ulong pfn)
        {
            while (pfn < BitCount)
            {
                byte b = _bytes[pfn >> 3];
                if (b == 0 && (pfn & 7) == 0) { pfn += 8; continue; }
                if ((b & (1 << (int)(pfn & 7))) != 0) return pfn;
                pfn++;
            }
            return BitCount;
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
