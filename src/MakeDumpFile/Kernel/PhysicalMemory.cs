using System;
using System.Buffers.Binary;
using Common.DumpFormats;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// Byte-addressed reads of the dumped machine's physical memory, with a small cache of
    /// recently read pages (page tables and mem_map are read in small pieces). Single-threaded.
    /// </summary>
    internal sealed class PhysicalMemory
    {
        private const int CacheSlots = 64;
        private readonly IPageSource _source;
        private readonly int _pageSize;
        private readonly ulong[] _cachedPfn = new ulong[CacheSlots];
        private readonly bool[] _cachedValid = new bool[CacheSlots];
        private readonly bool[] _cachedPresent = new bool[CacheSlots];
        private readonly byte[][] _cachedData = new byte[CacheSlots][];

        public PhysicalMemory(IPageSource source)
        {
            _source = source;
            _pageSize = source.PageSize;
            for (int i = 0; i < CacheSlots; i++) _cachedData[i] = new byte[_pageSize];
        }

        public IPageSource Source => _source;
        public long CacheHits { get; private set; }
        public long CacheMisses { get; private set; }
        public int PageSize => _pageSize;

        /// <summary>Reads bytes at a physical address; false when any of them lies outside the image.</summary>
        public bool TryRead(ulong paddr, Span<byte> destination)
        {
            int done = 0;
            while (done < destination.Length)
            {
                ulong at = paddr + (ulong)done;
                ulong pfn = at / (ulong)_pageSize;
                int offset = (int)(at % (ulong)_pageSize);
                byte[]? page = Page(pfn);
                if (page == null) return false;
                int n = Math.Min(destination.Length - done, _pageSize - offset);
                page.AsSpan(offset, n).CopyTo(destination.Slice(done));
                done += n;
            }
            return true;
        }

        public bool TryReadUInt64(ulong paddr, out ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            if (!TryRead(paddr, b)) { value = 0; return false; }
            value = BinaryPrimitives.ReadUInt64LittleEndian(b);
            return true;
        }

        public bool TryReadUInt32(ulong paddr, out uint value)
        {
            Span<byte> b = stackalloc byte[4];
            if (!TryRead(paddr, b)) { value = 0; return false; }
            value = BinaryPrimitives.ReadUInt32LittleEndian(b);
            return true;
        }

        private byte[]? Page(ulong pfn)
        {
            int slot = (int)(pfn % CacheSlots);
            if (_cachedValid[slot] && _cachedPfn[slot] == pfn) CacheHits++;
            else
            {
                CacheMisses++;
                _cachedPfn[slot] = pfn;
                _cachedValid[slot] = true;
                _cachedPresent[slot] = pfn < _source.MaxMapNr && _source.HasPage(pfn);
                if (_cachedPresent[slot]) _source.ReadPage(pfn, _cachedData[slot]);
            }
            return _cachedPresent[slot] ? _cachedData[slot] : null;
        }
    }
}
