using System;
using System.Collections.Generic;
using System.Linq;

namespace Kexec.Memory
{
    /// <summary>A sorted set of disjoint half-open physical intervals [start, end), with set arithmetic.</summary>
    internal sealed class RangeSet
    {
        private readonly List<(ulong Start, ulong End)> _items = new List<(ulong, ulong)>();

        public IReadOnlyList<(ulong Start, ulong End)> Items => _items;

        public bool IsEmpty => _items.Count == 0;

        public ulong TotalSize => _items.Aggregate(0UL, (a, r) => a + (r.End - r.Start));

        public static RangeSet FromRanges(IEnumerable<MemoryRange> ranges, MemoryType type)
        {
            var set = new RangeSet();
            foreach (var r in ranges)
                if (r.Type == type) set.Add(r.Start, r.End == ulong.MaxValue ? ulong.MaxValue : r.End + 1);
            return set;
        }

        public RangeSet Clone()
        {
            var c = new RangeSet();
            c._items.AddRange(_items);
            return c;
        }

        public void Add(ulong start, ulong end)
        {
            if (end <= start) return;
            var merged = new List<(ulong, ulong)>();
            bool placed = false;
            foreach (var r in _items)
            {
                if (r.End < start || r.Start > end)
                {
                    if (!placed && r.Start > end)
                    {
                        merged.Add((start, end));
                        placed = true;
                    }
                    merged.Add(r);
                }
                else
                {
                    start = Math.Min(start, r.Start);
                    end = Math.Max(end, r.End);
                }
            }
            if (!placed) merged.Add((start, end));
            _items.Clear();
            _items.AddRange(merged.OrderBy(x => x.Item1));
        }

        public void Remove(ulong start, ulong end)
        {
            if (end <= start) return;
            var result = new List<(ulong, ulong)>();
            foreach (var r in _items)
            {
                if (r.End <= start || r.Start >= end)
                {
                    result.Add(r);
                    continue;
                }
                if (r.Start < start) result.Add((r.Start, start));
                if (r.End > end) result.Add((end, r.End));
            }
            _items.Clear();
            _items.AddRange(result);
        }

        /// <summary>Keeps only the part inside [start, end).</summary>
        public void Clip(ulong start, ulong end)
        {
            if (start > 0) Remove(0, start);
            if (end < ulong.MaxValue) Remove(end, ulong.MaxValue);
        }

        public bool Contains(ulong start, ulong end) => _items.Any(r => r.Start <= start && end <= r.End);

        public bool Overlaps(ulong start, ulong end) => _items.Any(r => r.Start < end && start < r.End);
    }
}
