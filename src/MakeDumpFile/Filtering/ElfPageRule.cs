using System;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using MakeDumpFile.Writers;

namespace MakeDumpFile.Filtering
{
    /// <summary>
    /// Which page frames -E writes, as makedumpfile 1.7.2 decides it (write_elf_pages_cyclic()):
    /// below max_mapnr, the second bitmap; at or above it (frames without a struct page: the BIOS
    /// ROM and VGA memory PT_LOADs of a QEMU guest), what its bitmap reads give, which depends on
    /// how it holds the bitmap (docs/makedumpfile.md, "ELF output (-E): frames above max_mapnr,
    /// overlapping PT_LOADs").
    /// </summary>
    internal static class ElfPageRule
    {
        /// <summary>
        /// The decision for each frame, to be asked in the writer's order (input PT_LOADs in file
        /// order, frames ascending). <paramref name="cyclic"/>: --cyclic-buffer was given, which
        /// keeps 1.7.2 in cyclic mode with the bitmap in memory.
        /// </summary>
        public static Func<ulong, bool> Create(IPageSource source, FilterResult filter, int dumpLevel, bool cyclic)
        {
            return cyclic ? Cyclic(source, filter, dumpLevel) : OneCycle(source, filter);
        }

        /// <summary>
        /// Cyclic mode: each cycle's bitmap is built from the PT_LOADs it covers, whatever
        /// max_mapnr is (create_bitmap_from_memhole()), then zero pages leave it at -d bit 1
        /// (exclude_zero_pages_cyclic()); no mem_map covers these frames, so no other bit applies.
        /// </summary>
        private static Func<ulong, bool> Cyclic(IPageSource source, FilterResult filter, int dumpLevel)
        {
            bool zero = (dumpLevel & DumpLevel.Zero) != 0;
            var page = new byte[source.PageSize];
            return pfn =>
            {
                if (pfn < filter.MaxMapNr) return filter.Keep[pfn];
                if (!source.HasPage(pfn)) return false;
                if (!zero) return true;
                source.ReadPage(pfn, page);
                return !ZeroPage.Is(page);
            };
        }

        /// <summary>
        /// One cycle, bitmap in a file: the answers of <see cref="BitmapFileReader"/>, with its
        /// buffer as makedumpfile leaves it before writing: get_num_dumpable_cyclic() counted the
        /// frames 0..max_mapnr-1, then get_loads_dumpfile_cyclic() walked every PT_LOAD once to
        /// count the program headers (the same frames the writer then walks).
        /// </summary>
        private static Func<ulong, bool> OneCycle(IPageSource source, FilterResult filter)
        {
            var reader = new BitmapFileReader(filter.Keep, filter.MaxMapNr, source.PageSize);
            if (filter.MaxMapNr > 0) reader.Visit(filter.MaxMapNr - 1);
            foreach (PhysicalSegment seg in source.Segments)
            {
                (ulong start, ulong end) = ElfDumpWriter.CheckedFrames(seg, source.PageSize);
                // Only the first frame of each block can change the buffer.
                for (ulong pfn = start; pfn < end; pfn = (pfn / BitmapFileReader.BlockFrames + 1) * BitmapFileReader.BlockFrames)
                    reader.Visit(pfn);
            }
            return reader.IsDumpable;
        }
    }
}
