using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Common.DumpFormats;
using MakeDumpFile.Kernel;

namespace MakeDumpFile.Filtering
{
    /// <summary>
    /// Builds the two bitmaps the way makedumpfile's create_1st_bitmap()/create_2nd_bitmap() do:
    /// memory ranges (counting holes), pages the input already lacks, the mem_map walk, and,
    /// when the output needs its final page list up front (ELF, --mem-usage), zero pages.
    /// </summary>
    internal static class DumpFilter
    {
        public static FilterResult Run(IPageSource source, KernelImage? kernel, int dumpLevel, bool excludeZeroNow, int threads,
                                       Action<string, ulong, ulong>? progress, List<string> warnings)
        {
            ulong maxMapNr = source.MaxMapNr;
            if (kernel != null)
            {
                ulong highest = kernel.HighestSectionPfn;
                if (highest > 0 && highest < maxMapNr) maxMapNr = highest;
            }
            var counters = new ExclusionCounters { MemoryHole = maxMapNr };
            var memory = new PfnBitmap(maxMapNr);
            ulong shift = (ulong)source.PageSize;
            foreach (PhysicalSegment s in source.Segments)
            {
                ulong start = s.PhysicalStart / shift;
                ulong end = Math.Min((s.PhysicalStart + s.MemorySize) / shift, maxMapNr);
                if (start >= end) continue;
                memory.SetRange(start, end, true);
                // Overlapping ranges count twice, as in makedumpfile's create_bitmap_from_memhole().
                counters.MemoryHole -= end - start;
            }
            PfnBitmap keep = memory.Clone();
            // Frames the input holds no data for (p_filesz < p_memsz, or already excluded in a kdump file).
            foreach (PhysicalSegment s in source.Segments)
            {
                ulong from = (s.PhysicalStart + s.FileSize) / shift;
                ulong to = Math.Min((s.PhysicalStart + s.MemorySize + shift - 1) / shift, maxMapNr);
                if (from < to) keep.SetRange(from, to, false);
            }
            if (source is Common.DumpFormats.Kdump.KdumpPageSource)
                for (ulong p = keep.NextSet(0); p < maxMapNr; p = keep.NextSet(p + 1))
                    if (!source.HasPage(p)) keep[p] = false;

            // Kernel A's kexec source pages, seen from a jump target: their bytes are shown at
            // the destinations they stand for (Jump/JumpTargetPageSource).
            if (source is Jump.JumpTargetPageSource jump)
                foreach (ulong p in jump.HiddenSourcePages)
                    if (p < maxMapNr) keep[p] = false;

            Func<ulong, bool> inSegments = source is Common.DumpFormats.Kdump.KdumpPageSource
                ? (Func<ulong, bool>)(p => memory[p])
                : source.HasPage;

            if (kernel != null)
            {
                var classifier = new PageClassifier(kernel.Layout, dumpLevel);
                if ((dumpLevel & DumpLevel.Free) != 0 && !classifier.BuddyKnown)
                    warnings.Add("WARNING: VMCOREINFO does not identify free pages (PAGE_BUDDY_MAPCOUNT_VALUE); free pages are kept.");
                if (classifier.WalkNeeded)
                {
                    var walker = new MemMapWalker(kernel.Translator, kernel.Layout, classifier);
                    walker.Exclude(kernel.Sections, keep, inSegments, counters,
                        progress == null ? null : new Action<int, int>((a, b) => progress("Excluding unnecessary pages", (ulong)a, (ulong)b)));
                    warnings.AddRange(walker.Warnings);
                }
            }
            else if ((dumpLevel & (DumpLevel.Cache | DumpLevel.CachePrivate | DumpLevel.User | DumpLevel.Free)) != 0)
            {
                throw new KernelDataException($"dump level {dumpLevel} needs the kernel's VMCOREINFO, and the input has none");
            }

            if (excludeZeroNow && (dumpLevel & DumpLevel.Zero) != 0)
                counters.Zero += ExcludeZeroPages(source, keep, inSegments, maxMapNr, threads, progress);
            return new FilterResult(maxMapNr, memory, keep, counters);
        }

        /// <summary>
        /// Clears kept frames whose contents are all zero; returns how many. Runs on several
        /// threads, each over chunks of 8192 frames, which are whole bytes of the bitmap, so
        /// no two threads touch the same byte.
        /// </summary>
        public static ulong ExcludeZeroPages(IPageSource source, PfnBitmap keep, Func<ulong, bool> inSegments, ulong maxMapNr, int threads, Action<string, ulong, ulong>? progress)
        {
            const ulong chunk = 8192;
            ulong chunks = (maxMapNr + chunk - 1) / chunk;
            int pageSize = source.PageSize;
            long zeros = 0;
            long done = 0;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
            try
            {
                Parallel.For(0, (long)chunks, options, () => new byte[pageSize * 64], (ci, _, buffer) =>
                {
                    long found = 0;
                    ulong start = (ulong)ci * chunk, end = Math.Min(start + chunk, maxMapNr);
                    ulong p = start;
                    while (p < end)
                    {
                        if (!keep[p] || !inSegments(p)) { p++; continue; }
                        int run = 1;
                        while (run < 64 && p + (ulong)run < end && keep[p + (ulong)run] && inSegments(p + (ulong)run)) run++;
                        source.ReadPages(p, run, buffer);
                        for (int i = 0; i < run; i++)
                        {
                            if (!ZeroPage.Is(buffer.AsSpan(i * pageSize, pageSize))) continue;
                            keep[p + (ulong)i] = false;
                            found++;
                        }
                        p += (ulong)run;
                    }
                    System.Threading.Interlocked.Add(ref zeros, found);
                    long d = System.Threading.Interlocked.Increment(ref done);
                    return buffer;
                }, _ => { });
            }
            catch (AggregateException e)
            {
                // A page that does not decode (or lies past a truncated end) is the input's
                // fault: report it as the single-threaded paths do, not as an AggregateException.
                ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            }
            progress?.Invoke("Excluding zero pages", 1, 1);
            return (ulong)zeros;
        }
    }
}
