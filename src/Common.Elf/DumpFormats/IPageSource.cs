using System;
using System.Collections.Generic;
using Common.Vmcore;

namespace Common.DumpFormats
{
    /// <summary>
    /// A memory image read page by page, whatever its file format: which page frames the
    /// image covers, which of them hold data, and their bytes. Reads may come from several
    /// threads at once.
    /// </summary>
    public interface IPageSource : IDisposable
    {
        int PageSize { get; }

        /// <summary>One past the highest page frame the image describes (makedumpfile's max_mapnr before trimming).</summary>
        ulong MaxMapNr { get; }

        /// <summary>The memory ranges, in the order the image lists them (ELF: PT_LOADs; kdump: runs of the first bitmap).</summary>
        IReadOnlyList<PhysicalSegment> Segments { get; }

        /// <summary>True when the image holds data for this page frame.</summary>
        bool HasPage(ulong pfn);

        /// <summary>Reads one page; bytes the image lacks read as zero. Thread-safe.</summary>
        void ReadPage(ulong pfn, Span<byte> destination);

        /// <summary>Reads <paramref name="count"/> consecutive pages (faster than one by one where the format allows). Thread-safe.</summary>
        void ReadPages(ulong firstPfn, int count, Span<byte> destination);

        /// <summary>The ELF notes of the dumped system (PT_NOTE contents, or the kdump note area).</summary>
        byte[] Notes { get; }

        /// <summary>The VMCOREINFO the image carries, or null.</summary>
        VmcoreInfo? VmcoreInfo { get; }

        /// <summary>phys_base the image's own headers state, when they state one (kdump sub-header).</summary>
        ulong? HeaderPhysBase { get; }

        /// <summary>The dump level the image was already filtered with (0 for ELF cores).</summary>
        int PreviousDumpLevel { get; }

        /// <summary>What the image's headers say of the dumped machine and of the image's own format.</summary>
        ImageOrigin Origin { get; }
    }
}
