using System;
using System.Collections.Generic;
using System.Text;

namespace MakeDumpFile.Erasing
{
    /// <summary>One stretch of physical memory to overwrite: 'X' bytes, or zeros for a nullified pointer.</summary>
    internal sealed class EraseRange
    {
        public EraseRange(ulong paddr, long size, bool nullify, int info, int sizeIndex)
        {
            Paddr = paddr;
            Size = size;
            Nullify = nullify;
            Info = info;
            SizeIndex = sizeIndex;
        }

        public ulong Paddr { get; }
        public long Size { get; set; }
        public bool Nullify { get; }
        /// <summary>The erase command (its index in <see cref="EraseRanges.Expressions"/>).</summary>
        public int Info { get; }
        /// <summary>Which run of that command (a loop runs it once per element).</summary>
        public int SizeIndex { get; }
        public byte Fill => Nullify ? (byte)0 : (byte)'X';
    }

    /// <summary>
    /// Every stretch the filter erases, by physical address, as makedumpfile's filter_info list
    /// holds them (insert_filter_info()): a second stretch at an address already taken only
    /// widens the first; and per erase command the runs that produced a stretch, for the
    /// erase information the dump carries ("erase EXPR size N" / "erase EXPR nullify" lines).
    /// </summary>
    internal sealed class EraseRanges
    {
        private readonly SortedDictionary<ulong, EraseRange> _byAddress = new SortedDictionary<ulong, EraseRange>();
        private readonly Dictionary<EraseCommand, int> _infoOf = new Dictionary<EraseCommand, int>();
        private readonly List<int> _runs = new List<int>();

        public List<string> Expressions { get; } = new List<string>();
        public int Count => _byAddress.Count;
        public IEnumerable<EraseRange> All => _byAddress.Values;

        public void Add(EraseCommand command, ulong paddr, long size, bool nullify)
        {
            if (_sorted != null) throw new InvalidOperationException("EraseRanges is sealed");
            if (_byAddress.TryGetValue(paddr, out EraseRange? existing))
            {
                if (size > existing.Size) existing.Size = size;
                return;
            }
            if (!_infoOf.TryGetValue(command, out int info))
            {
                info = Expressions.Count;
                Expressions.Add(command.Expression);
                _runs.Add(0);
                _infoOf[command] = info;
            }
            _runs[info]++;
            _byAddress[paddr] = new EraseRange(paddr, size, nullify, info, _runs[info] - 1);
        }

        private EraseRange[]? _sorted;
        private long _longest;

        /// <summary>Overwrites what of the stretches lies in the page at PADDR (of BUFFER's length). Thread-safe once all are added.</summary>
        public void Apply(ulong pagePaddr, Span<byte> buffer)
        {
            if (_byAddress.Count == 0) return;
            EraseRange[] sorted = _sorted ?? throw new InvalidOperationException("EraseRanges.Seal() was not called before the pages are read");
            ulong end = pagePaddr + (ulong)buffer.Length;
            // The first stretch that may reach the page: none starts more than the longest before it.
            ulong from0 = pagePaddr > (ulong)_longest ? pagePaddr - (ulong)_longest : 0;
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (sorted[mid].Paddr < from0) lo = mid + 1; else hi = mid;
            }
            for (int i = lo; i < sorted.Length; i++)
            {
                EraseRange r = sorted[i];
                if (r.Paddr >= end) break;
                ulong rEnd = r.Paddr + (ulong)r.Size;
                if (rEnd <= pagePaddr) continue;
                ulong from = Math.Max(r.Paddr, pagePaddr), to = Math.Min(rEnd, end);
                buffer.Slice((int)(from - pagePaddr), (int)(to - from)).Fill(r.Fill);
            }
        }

        /// <summary>Ends the adding: the stretches are then read by many threads at once.</summary>
        public void Seal()
        {
            var all = new EraseRange[_byAddress.Count];
            _byAddress.Values.CopyTo(all, 0);
            foreach (EraseRange r in all) _longest = Math.Max(_longest, r.Size);
            _sorted = all;
        }

        /// <summary>
        /// The erase information text: per command, per run, the bytes erased in the pages the
        /// dump keeps (1.7.2 counts what it overwrote while writing), or "nullify".
        /// </summary>
        public byte[] EraseInfo(int pageSize, Func<ulong, bool> kept)
        {
            var sizes = new List<long[]>();
            for (int i = 0; i < Expressions.Count; i++) sizes.Add(new long[_runs[i]]);
            foreach (EraseRange r in _byAddress.Values)
            {
                ulong at = r.Paddr, end = r.Paddr + (ulong)r.Size;
                while (at < end)
                {
                    ulong pageEnd = (at / (ulong)pageSize + 1) * (ulong)pageSize;
                    ulong piece = Math.Min(end, pageEnd) - at;
                    if (kept(at / (ulong)pageSize))
                    {
                        if (r.Nullify) sizes[r.Info][r.SizeIndex] = -1;
                        else sizes[r.Info][r.SizeIndex] += (long)piece;
                    }
                    at += piece;
                }
            }
            var text = new StringBuilder();
            for (int i = 0; i < Expressions.Count; i++)
                foreach (long s in sizes[i])
                {
                    if (s > 0) text.Append("erase ").Append(Expressions[i]).Append(" size ").Append(s).Append('\n');
                    else if (s == -1) text.Append("erase ").Append(Expressions[i]).Append(" nullify\n");
                }
            return Encoding.ASCII.GetBytes(text.ToString());
        }
    }
}
