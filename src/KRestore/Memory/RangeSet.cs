using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KRestore.Memory
{
    /// <summary>A union of physical ranges, kept sorted and merged, with containment queries.</summary>
    internal sealed class RangeSet
    {
        private readonly PhysicalRange[] _ranges;

        public RangeSet(IEnumerable<PhysicalRange> ranges)
        {
            var sorted = ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start).ToList();
            var merged = new List<PhysicalRange>();
            foreach (PhysicalRange r in sorted)
            {
                if (merged.Count > 0 && r.Start <= merged[merged.Count - 1].End)
                {
                    PhysicalRange last = merged[merged.Count - 1];
                    merged[merged.Count - 1] = new PhysicalRange(last.Start, Math.Max(last.End, r.End));
                }
                else merged.Add(r);
            }
            _ranges = merged.ToArray();
        }

        public static RangeSet Empty { get; } = new RangeSet(Array.Empty<PhysicalRange>());

        public IReadOnlyList<PhysicalRange> Ranges => _ranges;
        public bool IsEmpty => _ranges.Length == 0;
        public ulong End => _ranges.Length == 0 ? 0 : _ranges[_ranges.Length - 1].End;
        public ulong TotalBytes => _ranges.Aggregate(0UL, (s, r) => s + r.Length);

        /// <summary>True when every byte of [start, end) is in the set.</summary>
        public bool Contains(ulong start, ulong end)
        {
            int i = Find(start);
            return i >= 0 && _ranges[i].End >= end;
        }

        /// <summary>True when some byte of [start, end) is in the set.</summary>
        public bool Intersects(ulong start, ulong end)
        {
            int i = Find(start);
            if (i >= 0) return true;
            // The first range starting after start.
            int lo = 0, hi = _ranges.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (_ranges[mid].Start <= start) lo = mid + 1; else hi = mid;
            }
            return lo < _ranges.Length && _ranges[lo].Start < end;
        }

        // Index of the range holding address, or -1.
        private int Find(ulong address)
        {
            int lo = 0, hi = _ranges.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (address < _ranges[mid].Start) hi = mid - 1;
                else if (address >= _ranges[mid].End) lo = mid + 1;
                else return mid;
            }
            return -1;
        }

        /// <summary>Parses START-END[,START-END...] (hex with or without 0x, END inclusive, as /proc/iomem writes ranges).</summary>
        public static RangeSet Parse(string text)
        {
            var list = new List<PhysicalRange>();
            foreach (string part in text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string[] ends = part.Trim().Split('-');
                if (ends.Length != 2 || !TryHex(ends[0], out ulong start) || !TryHex(ends[1], out ulong last) || last < start || last == ulong.MaxValue)
                    throw new FormatException($"'{part.Trim()}' is not a range START-END (hexadecimal, END inclusive)");
                list.Add(new PhysicalRange(start, last + 1));
            }
            if (list.Count == 0) throw new FormatException("no ranges given");
            return new RangeSet(list);
        }

        public static bool TryHex(string s, out ulong value)
        {
            s = s.Trim();
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s.Substring(2);
            return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && s.Length > 0;
        }

        public override string ToString() => string.Join(",", _ranges.Select(r => r.ToString()));
    }
}
