using System.Collections.Generic;
using System.Linq;
using Common.Memory;
using Kexec.Memory;

namespace Kexec.Loaders
{
    /// <summary>
    /// The e820 map a new kernel gets in boot_params. A plain load passes the firmware map on.
    /// A crash load follows the kernel's own kexec_file path (arch/x86/kernel/crash.c,
    /// crash_setup_memmap_entries): RAM below 1 MiB, the firmware's non-RAM ranges, and the crash
    /// region minus the ELF core header. A jump-back load does the same with [--mem-min, --mem-max]
    /// in place of the crash region, so kernel B cannot touch kernel A's memory.
    /// </summary>
    internal static class E820Builder
    {
        public static List<MemoryRange> Build(LoadContext context, RangeSet? carveOut)
        {
            var result = new List<MemoryRange>();
            if (context.Kind == LoadKind.Normal)
            {
                result.AddRange(context.MemoryMap);
                return Normalise(result);
            }
            foreach (var r in context.MemoryMap)
                if (r.Type != MemoryType.Ram) result.Add(r);

            var ram = new RangeSet();
            // Low memory: 6.12 panics without a sub-1M trampoline ("Real mode trampoline was not
            // allocated", arch/x86/realmode/init.c), so every capture or jump kernel needs some.
            var lowSource = context.Kind == LoadKind.Crash && context.CurrentRam.Count > 0 ? context.CurrentRam : context.MemoryMap;
            foreach (var r in lowSource)
                if (r.Type == MemoryType.Ram && r.Start < LoadContext.LowMemoryEnd)
                    ram.Add(r.Start, System.Math.Min(r.End, LoadContext.LowMemoryEnd));
            if (context.Kind == LoadKind.Crash)
            {
                foreach (var c in context.CrashRanges) ram.Add(c.Range);
            }
            else
            {
                var region = context.MemoryMap.ToRangeSet(MemoryType.Ram);
                region.Clip(context.MemMin, PhysicalRange.ExclusiveEnd(context.MemMax));
                foreach (var r in region.Ranges) ram.Add(r);
            }
            if (carveOut != null)
                foreach (var c in carveOut.Ranges) ram.Remove(c);
            foreach (var r in ram.Ranges)
                if (r.Length >= 4096 || r.Start < LoadContext.LowMemoryEnd)
                    result.Add(new MemoryRange(r, MemoryType.Ram));
            return Normalise(result);
        }

        /// <summary>Sorted, with touching ranges of one type merged (the kernel sanitises too, but a tidy map reads better).</summary>
        private static List<MemoryRange> Normalise(List<MemoryRange> ranges)
        {
            var sorted = ranges.OrderBy(r => r.Start).ToList();
            var merged = new List<MemoryRange>();
            foreach (var r in sorted)
            {
                if (merged.Count > 0)
                {
                    var last = merged[merged.Count - 1];
                    if (last.Type == r.Type && last.End >= r.Start)
                    {
                        merged[merged.Count - 1] = new MemoryRange(new PhysicalRange(last.Start, System.Math.Max(last.End, r.End)), r.Type);
                        continue;
                    }
                }
                merged.Add(r);
            }
            return merged;
        }
    }
}
