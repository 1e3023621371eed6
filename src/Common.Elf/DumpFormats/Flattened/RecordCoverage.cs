using System;
using System.Collections.Generic;

namespace Common.DumpFormats.Flattened
{
    /// <summary>
    /// The byte ranges a flattened stream's records have written so far, merged. Every writer of
    /// the format (makedumpfile, QEMU's dump-guest-memory, ours) writes each byte of the dump file
    /// once: two streams of ascending records (page descriptors and page data) leave a few gaps at
    /// any time and, at the end, only the padding inside header blocks (less than one block each).
    /// A stream that writes a byte twice, scatters its records or leaves large holes (a sparse
    /// "dump" of terabytes from one record at a huge offset) is refused.
    /// </summary>
    internal sealed class RecordCoverage
    {
        /// <summary>More separate pieces than this at once is not a dump file being written in order.</summary>
        public const int MaxPieces = 4096;

        /// <summary>The largest hole a finished dump file has: the padding of a header block (block_size is at most 64 KiB).</summary>
        public const long MaxFinalHole = 65536;

        // Disjoint, non-adjacent [Start, End) ranges in ascending order.
        private readonly List<(long Start, long End)> _pieces = new List<(long Start, long End)>();

        public long Extent => _pieces.Count == 0 ? 0 : _pieces[_pieces.Count - 1].End;

        /// <summary>Records [offset, offset + size); throws when it overlaps what is already written.</summary>
        public void Add(long offset, long size)
        {
            if (size == 0) return;
            long end = offset + size;
            int i = FirstEndingAfter(offset);
            if (i < _pieces.Count && _pieces[i].Start < end)
                throw new DumpFormatException($"flattened stream record (offset {offset}, size {size}) overlaps bytes written before (offset {_pieces[i].Start}-{_pieces[i].End})");
            bool joinsLeft = i > 0 && _pieces[i - 1].End == offset;
            bool joinsRight = i < _pieces.Count && _pieces[i].Start == end;
            if (joinsLeft && joinsRight)
            {
                _pieces[i - 1] = (_pieces[i - 1].Start, _pieces[i].End);
                _pieces.RemoveAt(i);
            }
            else if (joinsLeft) _pieces[i - 1] = (_pieces[i - 1].Start, end);
            else if (joinsRight) _pieces[i] = (offset, _pieces[i].End);
            else
            {
                if (_pieces.Count >= MaxPieces)
                    throw new DumpFormatException($"flattened stream scatters its records over more than {MaxPieces} separate pieces: not a dump file written in order");
                _pieces.Insert(i, (offset, end));
            }
        }

        /// <summary>Throws when the finished file would have a hole no writer leaves (or nothing at all).</summary>
        public void CheckComplete()
        {
            if (_pieces.Count == 0) throw new DumpFormatException("flattened stream holds no data");
            long previousEnd = 0;
            foreach ((long start, long end) in _pieces)
            {
                if (start - previousEnd >= MaxFinalHole)
                    throw new DumpFormatException($"flattened stream leaves bytes {previousEnd}-{start} of the dump file unwritten: damaged or not a dump");
                previousEnd = end;
            }
        }

        // Index of the first piece whose End is greater than offset (binary search).
        private int FirstEndingAfter(long offset)
        {
            int lo = 0, hi = _pieces.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (_pieces[mid].End <= offset) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }
    }
}
