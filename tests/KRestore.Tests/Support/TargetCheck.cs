using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Xunit;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// Checks a restored target page by page against the original memory (the fixture's ELF
    /// core): pages the image kept equal the original, pages it left out are zero when the image
    /// stands for zero pages there, and untouched otherwise (markers planted before the restore
    /// are still there; the rest of the sparse file still reads zero).
    /// </summary>
    internal static class TargetCheck
    {
        public sealed class Counts
        {
            public ulong Kept;
            public ulong KeptZero;
            public ulong LeftOut;
            public ulong Marked;
        }

        private static byte[] Marker(ulong pfn) => Encoding.ASCII.GetBytes($"KRESTORE-UNTOUCHED-{pfn:x16}");

        /// <summary>Writes a marker at the start of every <paramref name="every"/>th page the image leaves out.</summary>
        public static HashSet<ulong> PlantMarkers(string image, string target, int every = 8)
        {
            var marked = new HashSet<ulong>();
            using IPageSource src = DumpInput.Open(image);
            using var f = new FileStream(target, FileMode.Open, FileAccess.Write);
            ulong n = 0;
            foreach (ulong pfn in DescribedPages(src))
            {
                if (src.HasPage(pfn)) continue;
                if (n++ % (ulong)every != 0) continue;
                f.Position = (long)(pfn * (ulong)src.PageSize);
                f.Write(Marker(pfn));
                marked.Add(pfn);
            }
            return marked;
        }

        public static Counts Check(string image, string original, string target, bool leftOutAreZero, HashSet<ulong> marked)
        {
            var c = new Counts();
            using IPageSource img = DumpInput.Open(image);
            using ElfCorePageSource orig = ElfCorePageSource.Open(original);
            using var t = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
            int ps = img.PageSize;
            var want = new byte[ps];
            var got = new byte[ps];
            foreach (ulong pfn in DescribedPages(img))
            {
                t.Position = (long)(pfn * (ulong)ps);
                t.ReadExactly(got);
                if (img.HasPage(pfn))
                {
                    orig.ReadPage(pfn, want);
                    if (!want.AsSpan().SequenceEqual(got))
                        Assert.Fail($"{Path.GetFileName(image)}: page 0x{pfn * (ulong)ps:x} of the target differs from the original memory");
                    c.Kept++;
                    if (IsZero(got)) c.KeptZero++;
                    continue;
                }
                c.LeftOut++;
                if (leftOutAreZero)
                {
                    if (!IsZero(got)) Assert.Fail($"{Path.GetFileName(image)}: page 0x{pfn * (ulong)ps:x} was left out as a zero page but is not zero in the target");
                    continue;
                }
                byte[] marker = marked.Contains(pfn) ? Marker(pfn) : Array.Empty<byte>();
                if (!got.AsSpan(0, marker.Length).SequenceEqual(marker) || !IsZero(got.AsSpan(marker.Length)))
                    Assert.Fail($"{Path.GetFileName(image)}: page 0x{pfn * (ulong)ps:x} was left out (free) but the target's bytes there changed");
                if (marker.Length > 0) c.Marked++;
            }
            return c;
        }

        /// <summary>Every page frame some segment of the image describes, once, ascending.</summary>
        public static IEnumerable<ulong> DescribedPages(IPageSource src)
        {
            var ranges = new List<(ulong, ulong)>();
            foreach (PhysicalSegment s in src.Segments)
                if (s.MemorySize > 0) ranges.Add((s.PhysicalStart / (ulong)src.PageSize, (s.PhysicalStart + s.MemorySize + (ulong)src.PageSize - 1) / (ulong)src.PageSize));
            ranges.Sort();
            ulong covered = 0;
            foreach ((ulong start, ulong end) in ranges)
            {
                for (ulong p = Math.Max(start, covered); p < end; p++) yield return p;
                covered = Math.Max(covered, end);
            }
        }

        public static bool IsZero(ReadOnlySpan<byte> b)
        {
            foreach (byte x in b) if (x != 0) return false;
            return true;
        }
    }
}
