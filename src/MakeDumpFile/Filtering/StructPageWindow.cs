using System;
using MakeDumpFile.Kernel;

namespace MakeDumpFile.Filtering
{
    /// <summary>
    /// The struct pages of one section read a window at a time, as makedumpfile reads them
    /// (PGMM_CACHED pages aligned to the window), so that the rule "the page after a head is only
    /// looked at when it is in the same window" gives the same answers as the C tool.
    /// </summary>
    internal sealed class StructPageWindow
    {
        private readonly AddressTranslator _vt;
        private readonly int _structPageSize;
        private readonly int _length;
        private readonly byte[] _cache;
        private ulong _first = ulong.MaxValue;
        private ulong _last;

        public StructPageWindow(AddressTranslator vt, int structPageSize, int length)
        {
            _vt = vt;
            _structPageSize = structPageSize;
            _length = length;
            _cache = new byte[structPageSize * length];
        }

        /// <summary>Forgets what was read: a new section's mem_map is elsewhere.</summary>
        public void StartSection()
        {
            _first = ulong.MaxValue;
            _last = 0;
        }

        /// <summary>The struct page of <paramref name="pfn"/> at <paramref name="memMap"/>, reading the rest of its window (up to the section's end) when it is not cached.</summary>
        public ReadOnlySpan<byte> Get(ulong pfn, ulong memMap, ulong sectionEnd)
        {
            int index = Index(pfn);
            if (pfn < _first || pfn > _last)
            {
                ulong count = Math.Min((ulong)(_length - index), sectionEnd - pfn);
                if (!_vt.TryReadVirtual(memMap, _cache.AsSpan(index * _structPageSize, (int)count * _structPageSize)))
                    throw new KernelDataException($"cannot read struct page of pfn 0x{pfn:x} at 0x{memMap:x}: mem_map is not in the image");
                _first = pfn;
                _last = pfn + count - 1;
            }
            return _cache.AsSpan(index * _structPageSize, _structPageSize);
        }

        /// <summary>Whether the struct page after <paramref name="pfn"/> was read with it: same window, same read.</summary>
        public bool HasNext(ulong pfn) => Index(pfn) < _length - 1 && pfn + 1 <= _last;

        public ReadOnlySpan<byte> Next(ulong pfn) => _cache.AsSpan((Index(pfn) + 1) * _structPageSize, _structPageSize);

        private int Index(ulong pfn) => (int)(pfn % (ulong)_length);
    }
}
