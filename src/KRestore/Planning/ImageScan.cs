using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Common.DumpFormats;
using Common.Memory;
using KRestore.Image;
using KRestore.Output;

namespace KRestore.Planning
{
    /// <summary>
    /// Records which frames the image holds data for and, when it decodes them, which of those
    /// are all zero (kdump stores zero pages by reference to one shared zero page; they are
    /// written as zeros). Decoding every page before anything is written is the check of an
    /// image without digests: a page that does not decompress (or lies past the end of a
    /// truncated file) refuses it. An image whose digests matched is not decoded here: every
    /// byte of it is what its writer wrote, and the writer decodes each page once, as it
    /// writes it (RestoreCommand decides; --dry-run still decodes everything).
    /// </summary>
    internal sealed class ImageScan
    {
        /// <summary>
        /// Frames a thread scans as one unit: a multiple of 8, so that each thread writes its own
        /// bytes of the dense bitmaps (PfnBitmap.Dense) and threads never share one.
        /// </summary>
        public const int BlockPages = 256;

        private ImageScan(PfnBitmap present, PfnBitmap zero)
        {
            Present = present;
            Zero = zero;
        }

        public PfnBitmap Present { get; }
        public PfnBitmap Zero { get; }
        /// <summary>Frames scanned: the image's extent, cut at the end of the target's RAM.</summary>
        public ulong Frames => Present.BitCount;
        public ulong PagesDescribed { get; private set; }
        public ulong PagesPresent { get; private set; }
        public ulong PagesZero { get; private set; }
        /// <summary>False when the pages were not decoded (Zero is then empty, PagesZero 0).</summary>
        public bool Decoded { get; private set; }
        public ulong PagesExcluded => PagesDescribed - PagesPresent;

        /// <summary>
        /// Scans the pages the image describes below <paramref name="limit"/> (the end of the
        /// target's RAM): the bitmaps are sized by the target, never by a length in the image,
        /// and pages beyond it cannot be written anyway (PlanBuilder counts them out).
        /// </summary>
        public static ImageScan Run(RestoreImage image, ulong limit, int threads, Messages m, bool decode = true)
        {
            IPageSource source = image.Source;
            int ps = source.PageSize;
            ulong frames = (Math.Min(image.Described.End, limit) + (ulong)ps - 1) / (ulong)ps;
            var scan = new ImageScan(PfnBitmap.Dense(frames), PfnBitmap.Dense(frames));
            List<Block> blocks = Blocks(image.Described, ps, frames);
            ulong total = 0;
            foreach (Block b in blocks) foreach ((ulong s, ulong e) in b.Runs) total += e - s;
            scan.PagesDescribed = total;
            scan.Decoded = decode;
            if (!decode)
            {
                scan.PagesPresent = MarkPresent(source, blocks, scan.Present);
                return scan;
            }

            long done = 0, present = 0, zero = 0;
            ulong failedPfn = ulong.MaxValue;
            string? failure = null;
            var gate = new object();
            int next = -1;
            void Worker()
            {
                var buffer = new byte[BlockPages * ps];
                while (true)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= blocks.Count || Volatile.Read(ref failure) != null) return;
                    Block b = blocks[i];
                    try
                    {
                        (long p, long z) = ScanBlock(source, b, buffer, scan);
                        Interlocked.Add(ref present, p);
                        Interlocked.Add(ref zero, z);
                    }
                    catch (Exception e) when (IsCorruption(e))
                    {
                        lock (gate)
                            if (b.Runs[0].Start < failedPfn)
                            {
                                failedPfn = b.Runs[0].Start;
                                failure = e.Message;
                            }
                        return;
                    }
                    long d = 0;
                    foreach ((ulong s, ulong e) in b.Runs) d += (long)(e - s);
                    long now = Interlocked.Add(ref done, d);
                    lock (gate) m.Progress("Checking image", (ulong)now, total);
                }
            }
            var workers = new Task[Math.Max(1, threads)];
            for (int t = 0; t < workers.Length; t++) workers[t] = Task.Run(Worker);
            Task.WaitAll(workers);
            if (failure != null)
                throw new RefusedException($"{image.Name} is damaged: {failure}");
            m.Progress("Checking image", total, total);
            scan.PagesPresent = (ulong)present;
            scan.PagesZero = (ulong)zero;
            return scan;
        }

        private static bool IsCorruption(Exception e) =>
            e is DumpFormatException || e is InvalidDataException || e is IndexOutOfRangeException ||
            e is ArgumentException || e is EndOfStreamException;

        private static (long Present, long Zero) ScanBlock(IPageSource source, Block b, byte[] buffer, ImageScan scan)
        {
            int ps = source.PageSize;
            long present = 0, zero = 0;
            foreach ((ulong start, ulong end) in b.Runs)
            {
                ulong pfn = start;
                while (pfn < end)
                {
                    if (!source.HasPage(pfn)) { pfn++; continue; }
                    ulong runEnd = pfn + 1;
                    while (runEnd < end && source.HasPage(runEnd)) runEnd++;
                    int count = (int)(runEnd - pfn);
                    try { source.ReadPages(pfn, count, buffer.AsSpan(0, count * ps)); }
                    catch (DumpFormatException e)
                    {
                        throw new DumpFormatException($"page at 0x{LocatePage(source, pfn, count, buffer):x}: {e.Message}");
                    }
                    for (int i = 0; i < count; i++)
                    {
                        ulong f = pfn + (ulong)i;
                        scan.Present[f] = true;
                        present++;
                        if (ZeroPage.Is(buffer.AsSpan(i * ps, ps)))
                        {
                            scan.Zero[f] = true;
                            zero++;
                        }
                    }
                    pfn = runEnd;
                }
            }
            return (present, zero);
        }

        // The bitmap lookups alone: no page is read.
        private static ulong MarkPresent(IPageSource source, List<Block> blocks, PfnBitmap present)
        {
            ulong count = 0;
            foreach (Block b in blocks)
                foreach ((ulong s, ulong e) in b.Runs)
                    for (ulong pfn = s; pfn < e; pfn++)
                        if (source.HasPage(pfn))
                        {
                            present[pfn] = true;
                            count++;
                        }
            return count;
        }

        // Which page of a failed run is the bad one (for the message): read them one by one.
        private static ulong LocatePage(IPageSource source, ulong first, int count, byte[] buffer)
        {
            int ps = source.PageSize;
            for (int i = 0; i < count; i++)
            {
                try { source.ReadPage(first + (ulong)i, buffer.AsSpan(0, ps)); }
                catch (DumpFormatException) { return (first + (ulong)i) * (ulong)ps; }
            }
            return first * (ulong)ps;
        }

        /// <summary>A group of frame runs inside one aligned block of BlockPages frames.</summary>
        private sealed class Block
        {
            public readonly List<(ulong Start, ulong End)> Runs = new List<(ulong, ulong)>();
        }

        private static List<Block> Blocks(RangeSet described, int ps, ulong frames)
        {
            var blocks = new List<Block>();
            Block? current = null;
            ulong currentIndex = ulong.MaxValue;
            ulong covered = 0;
            foreach (PhysicalRange r in described.Ranges)
            {
                // Two ranges may share a partial page; scan it once.
                ulong first = Math.Max(r.Start / (ulong)ps, covered);
                ulong end = Math.Min((r.End + (ulong)ps - 1) / (ulong)ps, frames);
                ulong pfn = first;
                while (pfn < end)
                {
                    ulong index = pfn / BlockPages;
                    ulong blockEnd = Math.Min(end, (index + 1) * BlockPages);
                    if (current == null || index != currentIndex)
                    {
                        current = new Block();
                        currentIndex = index;
                        blocks.Add(current);
                    }
                    current.Runs.Add((pfn, blockEnd));
                    pfn = blockEnd;
                }
                covered = Math.Max(covered, end);
            }
            return blocks;
        }
    }
}
