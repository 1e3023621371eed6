using System;
using System.Collections.Generic;
using System.Linq;

namespace Common.Memory
{
    /// <summary>
    /// A set of physical bytes, kept as sorted, disjoint half-open ranges with touching ones
    /// merged: [a, b) and [b, c) are stored as [a, c). Sorted and disjoint, the ranges' starts and
    /// ends both ascend, so every query and change finds its place by binary search.
    /// </summary>
    public sealed class RangeSet
    {
        private readonly List<PhysicalRange> _ranges = new List<PhysicalRange>();

        public RangeSet()
        {
        }

        /// <summary>The union of the ranges (any order, overlapping or not; empty ones add nothing).</summary>
        public RangeSet(IEnumerable<PhysicalRange> ranges)
        {
            foreach (PhysicalRange r in ranges.Where(r => !r.IsEmpty).OrderBy(r => r.Start))
            {
                int last = _ranges.Count - 1;
                if (last >= 0 && r.Start <= _ranges[last].End)
                    _ranges[last] = new PhysicalRange(_ranges[last].Start, Math.Max(_ranges[last].End, r.End));
                else _ranges.Add(r);
            }
        }

        public IReadOnlyList<PhysicalRange> Ranges => _ranges;

        public bool IsEmpty => _ranges.Count == 0;

        /// <summary>The end of the highest range, 0 for an empty set.</summary>
        public ulong End => _ranges.Count == 0 ? 0 : _ranges[_ranges.Count - 1].End;

        public ulong TotalBytes => _ranges.Aggregate(0UL, (sum, r) => sum + r.Length);

        public RangeSet Clone()
        {
            var copy = new RangeSet();
            copy._ranges.AddRange(_ranges);
            return copy;
        }

        public void Add(PhysicalRange range) => Add(range.Start, range.End);

        /// <summary>Adds [start, end); nothing when end &lt;= start.</summary>
        public void Add(ulong start, ulong end)
        {
            if (end <= start) return;
            // Ranges i..j-1 overlap or touch [start, end] and melt into one.
            int i = FirstEndingAtOrAfter(start);
            int j = FirstStartingAfter(end, i);
            if (i < j)
            {
                start = Math.Min(start, _ranges[i].Start);
                end = Math.Max(end, _ranges[j - 1].End);
                _ranges.RemoveRange(i, j - i);
            }
            _ranges.Insert(i, new PhysicalRange(start, end));
        }

        public void Remove(PhysicalRange range) => Remove(range.Start, range.End);

        /// <summary>Removes [start, end); nothing when end &lt;= start.</summary>
        public void Remove(ulong start, ulong end)
        {
            if (end <= start) return;
            // Ranges i..j-1 share bytes with [start, end); what lies outside it of the first and
            // the last stays.
            int i = FirstEndingAtOrAfter(start);
            if (i < _ranges.Count && _ranges[i].End == start) i++;
            int j = FirstStartingAfter(end - 1, i);
            if (i >= j) return;
            PhysicalRange first = _ranges[i], last = _ranges[j - 1];
            _ranges.RemoveRange(i, j - i);
            if (last.End > end) _ranges.Insert(i, new PhysicalRange(end, last.End));
            if (first.Start < start) _ranges.Insert(i, new PhysicalRange(first.Start, start));
        }

        /// <summary>Keeps only the part inside [start, end).</summary>
        public void Clip(ulong start, ulong end)
        {
            if (start > 0) Remove(0, start);
            if (end < ulong.MaxValue) Remove(end, ulong.MaxValue);
        }

        /// <summary>True when [start, end) is not empty and every byte of it is in the set.</summary>
        public bool Contains(ulong start, ulong end)
        {
            if (end <= start) return false;
            int i = FirstEndingAtOrAfter(start);
            if (i < _ranges.Count && _ranges[i].End == start) i++;
            return i < _ranges.Count && _ranges[i].Start <= start && end <= _ranges[i].End;
        }

        /// <summary>True when some byte of [start, end) is in the set (never for an empty range).</summary>
        public bool Intersects(ulong start, ulong end)
        {
            if (end <= start) return false;
            int i = FirstEndingAtOrAfter(start);
            if (i < _ranges.Count && _ranges[i].End == start) i++;
            return i < _ranges.Count && _ranges[i].Start < end;
        }

        /// <summary>True when the two sets share a byte.</summary>
        public bool Intersects(RangeSet other) => _ranges.Any(r => other.Intersects(r.Start, r.End));

        // The first range whose End is at or above address (all before it end below it).
        private int FirstEndingAtOrAfter(ulong address)
        {
            int lo = 0, hi = _ranges.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (_ranges[mid].End < address) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        // The first range at or after index from whose Start is above address.
        private int FirstStartingAfter(ulong address, int from)
        {
            int lo = from, hi = _ranges.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (_ranges[mid].Start <= address) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        /// <summary>
        /// Parses START-END[,START-END...]: hex with or without 0x, END inclusive, as /proc/iomem
        /// writes ranges (krestore's --target-ranges). An END of ffffffffffffffff is refused rather
        /// than shortened by a byte (PhysicalRange, remarks): a list someone typed should mean exactly
        /// what it says.
        /// </summary>
        public static RangeSet Parse(string text)
        {
            var list = new List<PhysicalRange>();
            foreach (string part in text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!PhysicalRange.TryParseBounds(part, out ulong first, out ulong last) || last == ulong.MaxValue)
                    throw new FormatException($"'{part.Trim()}' is not a range START-END (hexadecimal, END inclusive)");
                list.Add(PhysicalRange.FromInclusive(first, last));
            }
            if (list.Count == 0) throw new FormatException("no ranges given");
            return new RangeSet(list);
        }

        /// <summary>The ranges as Parse reads them: "0xSTART-0xLAST,..." (inclusive).</summary>
        public override string ToString() => string.Join(",", _ranges.Select(r => r.ToString()));
    }
}
