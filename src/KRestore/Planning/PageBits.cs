using System;

namespace KRestore.Planning
{
    /// <summary>
    /// One bit per page frame. Threads may set bits at the same time as long as each works on
    /// its own aligned block of <see cref="BlockPages"/> frames (whole 64-bit words).
    /// </summary>
    internal sealed class PageBits
    {
        public const int BlockPages = 256;
        private readonly ulong[] _words;

        public PageBits(ulong pages)
        {
            if (pages > (1UL << 36)) throw new ArgumentOutOfRangeException(nameof(pages), "more than 2^36 pages");
            _words = new ulong[(pages + 63) / 64];
            Count = pages;
        }

        public ulong Count { get; }

        public bool this[ulong pfn]
        {
            get => pfn < Count && (_words[pfn >> 6] & (1UL << (int)(pfn & 63))) != 0;
        }

        public void Set(ulong pfn) => _words[pfn >> 6] |= 1UL << (int)(pfn & 63);
    }
}
