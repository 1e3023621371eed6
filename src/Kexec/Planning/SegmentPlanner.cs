using System;
using Common.Memory;
using Kexec.Memory;
using Kexec.Model;

namespace Kexec.Planning
{
    /// <summary>
    /// Places segments in physical memory the way the kernel's kexec_locate_mem_hole
    /// (kernel/kexec_file.c) does for kexec_file_load: inside allowed RAM, page aligned,
    /// honouring a window [min, max] and every range already taken.
    /// </summary>
    internal sealed class SegmentPlanner
    {
        public const ulong PageSize = 4096;

        private readonly RangeSet _free;

        /// <param name="allowed">Memory the new image may occupy (RAM, already clipped to --mem-min/--mem-max or the crash region).</param>
        public SegmentPlanner(RangeSet allowed)
        {
            _free = allowed.Clone();
            Allowed = allowed.Clone();
        }

        public RangeSet Allowed { get; }

        public RangeSet Free => _free.Clone();

        public static ulong AlignUp(ulong value, ulong align) => align <= 1 ? value : (value + align - 1) / align * align;

        public static ulong AlignDown(ulong value, ulong align) => align <= 1 ? value : value / align * align;

        /// <summary>Keeps a range out of reach of later placements (e.g. the kernel's init_size area).</summary>
        public void Reserve(ulong start, ulong end) => _free.Remove(start, end);

        /// <summary>Finds room for memSize bytes aligned to align within [min, max] (max inclusive).</summary>
        public ulong FindHole(string role, ulong memSize, ulong align, ulong min, ulong max, bool topDown)
        {
            if (align < PageSize) align = PageSize;
            memSize = AlignUp(memSize, PageSize);
            var items = _free.Ranges;
            ulong limit = PhysicalRange.ExclusiveEnd(max);
            if (topDown)
            {
                for (int i = items.Count - 1; i >= 0; i--)
                {
                    ulong lo = Math.Max(items[i].Start, min);
                    ulong hiExclusive = Math.Min(items[i].End, limit);
                    if (hiExclusive <= lo || hiExclusive - lo < memSize) continue;
                    ulong candidate = AlignDown(hiExclusive - memSize, align);
                    if (candidate >= lo) return candidate;
                }
            }
            else
            {
                foreach (var r in items)
                {
                    ulong lo = AlignUp(Math.Max(r.Start, min), align);
                    ulong hiExclusive = Math.Min(r.End, limit);
                    if (lo < hiExclusive && hiExclusive - lo >= memSize) return lo;
                }
            }
            throw new KexecException(
                $"no room for the {role} (0x{memSize:x} bytes, aligned 0x{align:x}) in usable memory between 0x{min:x} and 0x{max:x}");
        }

        /// <summary>Places a buffer and marks its pages used.</summary>
        public Segment Place(string role, byte[] buffer, ulong memSize, ulong align, ulong min, ulong max, bool topDown)
        {
            ulong size = AlignUp(Math.Max(memSize, (ulong)buffer.Length), PageSize);
            ulong at = FindHole(role, size, align, min, max, topDown);
            return PlaceAt(role, buffer, at, size);
        }

        /// <summary>Places a buffer at a fixed address, which must be free.</summary>
        public Segment PlaceAt(string role, byte[] buffer, ulong address, ulong memSize)
        {
            if (address % PageSize != 0)
                throw new KexecException($"the {role} at 0x{address:x} is not page aligned");
            ulong size = AlignUp(Math.Max(memSize, (ulong)buffer.Length), PageSize);
            if (!_free.Contains(address, address + size))
                throw new KexecException($"the {role} does not fit at 0x{address:x}-0x{address + size - 1:x}: memory there is not usable or already taken");
            _free.Remove(address, address + size);
            return new Segment(role, buffer, address, size);
        }
    }
}
