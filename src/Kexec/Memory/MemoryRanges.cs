using System.Collections.Generic;
using System.Linq;
using Common.Memory;

namespace Kexec.Memory
{
    /// <summary>Memory map entries as a set of bytes, for placement and set arithmetic.</summary>
    internal static class MemoryRanges
    {
        /// <summary>The bytes of the entries of one type (the union: touching entries merge).</summary>
        public static RangeSet ToRangeSet(this IEnumerable<MemoryRange> ranges, MemoryType type) =>
            new RangeSet(ranges.Where(r => r.Type == type).Select(r => r.Range));
    }
}
