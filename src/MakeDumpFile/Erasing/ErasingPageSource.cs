using System;
using System.Collections.Generic;
using Common.DumpFormats;
using Common.Vmcore;

namespace MakeDumpFile.Erasing
{
    /// <summary>
    /// The dump's pages as the writers read them with the filter's stretches overwritten
    /// (makedumpfile's filter_data_buffer() on every page it writes). The kernel analysis reads
    /// the unfiltered source: page tables and mem_map are read as they are.
    /// </summary>
    internal sealed class ErasingPageSource : IPageSource
    {
        private readonly IPageSource _inner;
        private readonly EraseRanges _ranges;

        public ErasingPageSource(IPageSource inner, EraseRanges ranges)
        {
            _inner = inner;
            _ranges = ranges;
            ranges.Seal();
        }

        public int PageSize => _inner.PageSize;
        public ulong MaxMapNr => _inner.MaxMapNr;
        public IReadOnlyList<PhysicalSegment> Segments => _inner.Segments;
        public bool HasPage(ulong pfn) => _inner.HasPage(pfn);

        public void ReadPage(ulong pfn, Span<byte> destination)
        {
            _inner.ReadPage(pfn, destination);
            _ranges.Apply(pfn * (ulong)PageSize, destination.Slice(0, PageSize));
        }

        public void ReadPages(ulong firstPfn, int count, Span<byte> destination)
        {
            _inner.ReadPages(firstPfn, count, destination);
            for (int i = 0; i < count; i++)
                _ranges.Apply((firstPfn + (ulong)i) * (ulong)PageSize, destination.Slice(i * PageSize, PageSize));
        }

        public byte[] Notes => _inner.Notes;
        public VmcoreInfo? VmcoreInfo => _inner.VmcoreInfo;
        public ulong? HeaderPhysBase => _inner.HeaderPhysBase;
        public int PreviousDumpLevel => _inner.PreviousDumpLevel;
        public ImageOrigin Origin => _inner.Origin;

        /// <summary>The inner source stays open: the command owns it.</summary>
        public void Dispose() { }
    }
}
