using System;
using System.Collections.Generic;
using System.IO;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using Common.Elf;

namespace Common.DumpFormats.Integrity
{
    /// <summary>
    /// Says what a byte range of an image holds (headers, bitmaps, descriptors, which pages), for
    /// the message about a damaged block. Best effort: the image is parsed again, and when even
    /// that fails the range is only "image bytes".
    /// </summary>
    public static class ImageRegions
    {
        private const int MaxPagesNamed = 1 << 20;

        public static string Describe(string path, long start, long end)
        {
            try
            {
                using IPageSource source = DumpInput.Open(path);
                var parts = new List<string>();
                switch (source)
                {
                    case KdumpPageSource k: DescribeKdump(k, start, end, parts); break;
                    case ElfCorePageSource e: DescribeElf(e, start, end, parts); break;
                }
                return parts.Count > 0 ? string.Join(", ", parts) : "image bytes";
            }
            catch (Exception e) when (e is DumpFormatException || e is IOException || e is ArgumentException || e is OverflowException)
            {
                return "image bytes; the image cannot be parsed to say more";
            }
        }

        private static bool Overlaps(long s, long e, long start, long end) => s < end && start < e;

        private static void DescribeKdump(KdumpPageSource k, long start, long end, List<string> parts)
        {
            DiskDumpHeader h = k.Header;
            long bs = h.BlockSize;
            long bitmap1 = (KdumpConstants.HeaderBlocks + h.SubHeaderBlocks) * bs;
            long half = h.BitmapBlocks * bs / 2;
            long descriptors = bitmap1 + 2 * half;
            ulong first = h.Split != 0 ? h.StartPfn : 0;
            ulong last = h.Split != 0 ? Math.Min(h.EndPfn, k.MaxMapNr) : k.MaxMapNr;
            ulong count = k.DumpedBitmap.Rank(last) - k.DumpedBitmap.Rank(first);
            long data = descriptors + (long)count * KdumpConstants.PageDescriptorSize;
            if (Overlaps(0, bs, start, end)) parts.Add("the kdump header");
            if (Overlaps(bs, bitmap1, start, end)) parts.Add(h.SizeNote > 0 && Overlaps(h.OffsetNote, h.OffsetNote + (long)h.SizeNote, start, end) ? "the kdump sub-header and ELF notes" : "the kdump sub-header");
            if (Overlaps(bitmap1, bitmap1 + half, start, end)) parts.Add("the first bitmap (memory present)");
            if (Overlaps(bitmap1 + half, descriptors, start, end)) parts.Add("the second bitmap (pages dumped)");
            if (Overlaps(descriptors, data, start, end))
            {
                long i0 = Math.Max(0, start - descriptors) / KdumpConstants.PageDescriptorSize;
                long i1 = (Math.Min(data, end) - descriptors - 1) / KdumpConstants.PageDescriptorSize;
                parts.Add($"the page descriptors of pfns 0x{Select(k, first, (ulong)i0):x}-0x{Select(k, first, (ulong)i1):x}");
            }
            if (end > data)
            {
                // Which stored pages intersect the range: walk the descriptors (only on failure).
                ulong lo = ulong.MaxValue, hi = 0, n = 0;
                bool zeroPage = false;
                for (ulong pfn = k.DumpedBitmap.NextSet(first); pfn < last && n < MaxPagesNamed; pfn = k.DumpedBitmap.NextSet(pfn + 1))
                {
                    if (!k.TryReadDescriptor(pfn, out PageDescriptor d) || !Overlaps(d.Offset, d.Offset + d.Size, start, end)) continue;
                    if (d.Flags == 0 && d.Size == (uint)k.PageSize && IsSharedZero(k, d)) { zeroPage = true; continue; }
                    lo = Math.Min(lo, pfn);
                    hi = Math.Max(hi, pfn);
                    n++;
                }
                if (zeroPage) parts.Add("the zero page all zero pages share");
                if (n == 1) parts.Add($"the page data of pfn 0x{lo:x} (physical 0x{lo * (ulong)k.PageSize:x})");
                else if (n > 1) parts.Add($"the page data of {n} pages, pfn 0x{lo:x} to 0x{hi:x}");
                else if (!zeroPage) parts.Add("kdump page data");
            }
        }

        // The shared zero page is the first stored page, right after the descriptors.
        private static bool IsSharedZero(KdumpPageSource k, PageDescriptor d)
        {
            DiskDumpHeader h = k.Header;
            long bitmap1 = (KdumpConstants.HeaderBlocks + h.SubHeaderBlocks) * (long)h.BlockSize;
            long descriptors = bitmap1 + h.BitmapBlocks * (long)h.BlockSize;
            ulong first = h.Split != 0 ? h.StartPfn : 0;
            ulong last = h.Split != 0 ? Math.Min(h.EndPfn, k.MaxMapNr) : k.MaxMapNr;
            long data = descriptors + (long)(k.DumpedBitmap.Rank(last) - k.DumpedBitmap.Rank(first)) * KdumpConstants.PageDescriptorSize;
            return d.Offset == data && (h.DumpLevel & 1) != 0;
        }

        // The pfn of the index-th dumped page from `first` on.
        private static ulong Select(KdumpPageSource k, ulong first, ulong index)
        {
            ulong pfn = k.DumpedBitmap.NextSet(first);
            for (ulong i = 0; i < index && pfn < k.MaxMapNr; i++) pfn = k.DumpedBitmap.NextSet(pfn + 1);
            return pfn;
        }

        private static void DescribeElf(ElfCorePageSource e, long start, long end, List<string> parts)
        {
            ElfHeader h = e.Core.Header;
            long phoff = (long)h.ProgramHeaderOffset;
            long phend = phoff + (long)h.ProgramHeaderEntrySize * e.Core.ProgramHeaders.Count;
            if (Overlaps(0, h.HeaderSize, start, end)) parts.Add("the ELF header");
            if (Overlaps(phoff, phend, start, end)) parts.Add("the program headers");
            long covered = Math.Max(h.HeaderSize, phend);
            foreach (ProgramHeader ph in e.Core.ProgramHeaders)
            {
                long s = (long)ph.Offset, t = s + (long)ph.FileSize;
                if (ph.FileSize == 0) continue;
                covered = Math.Max(covered, t);
                if (!Overlaps(s, t, start, end)) continue;
                if (ph.IsNote) { parts.Add("the ELF notes"); continue; }
                if (ph.Type != ElfConstants.PtLoad) continue;
                ulong p0 = ph.PhysicalAddress + (ulong)(Math.Max(s, start) - s);
                ulong p1 = ph.PhysicalAddress + (ulong)(Math.Min(t, end) - s) - 1;
                ulong ps = (ulong)e.PageSize;
                parts.Add(p0 / ps == p1 / ps
                    ? $"the page data of pfn 0x{p0 / ps:x} (physical 0x{p0:x})"
                    : $"the page data of pfns 0x{p0 / ps:x}-0x{p1 / ps:x} (physical 0x{p0:x}-0x{p1:x})");
            }
            if (parts.Count == 0 && start >= covered) parts.Add("bytes after the last segment");
        }
    }
}
