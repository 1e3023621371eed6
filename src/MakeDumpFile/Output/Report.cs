using System.Text;
using MakeDumpFile.Filtering;

namespace MakeDumpFile.Output
{
    /// <summary>The summary makedumpfile prints at --message-level bit 16 (print_report()) and for --mem-usage.</summary>
    internal static class Report
    {
        public static string Format(ulong maxMapNr, ExclusionCounters c, ulong? elfExcluded, long writeBytes, long cacheHits = 0, long cacheMisses = 0)
        {
            ulong original = maxMapNr - c.MemoryHole;
            ulong excluded = c.Excluded;
            var sb = new StringBuilder();
            sb.Append('\n');
            sb.Append($"Original pages  : 0x{original:x16}\n");
            sb.Append($"  Excluded pages   : 0x{excluded:x16}\n");
            if (elfExcluded.HasValue) sb.Append($"     in ELF format : 0x{elfExcluded.Value:x16}\n");
            sb.Append($"    Pages filled with zero  : 0x{c.Zero:x16}\n");
            sb.Append($"    Non-private cache pages : 0x{c.Cache:x16}\n");
            sb.Append($"    Private cache pages     : 0x{c.CachePrivate:x16}\n");
            sb.Append($"    User process data pages : 0x{c.User:x16}\n");
            sb.Append($"    Free pages              : 0x{c.Free:x16}\n");
            sb.Append($"    Hwpoison pages          : 0x{c.HwPoison:x16}\n");
            sb.Append($"    Offline pages           : 0x{c.Offline:x16}\n");
            sb.Append($"  Remaining pages  : 0x{original - excluded:x16}\n");
            if (elfExcluded.HasValue)
            {
                sb.Append($"     in ELF format : 0x{original - elfExcluded.Value:x16}\n");
                excluded = elfExcluded.Value;
            }
            if (original != 0)
                sb.Append($"  (The number of pages is reduced to {(original - excluded) * 100 / original}%.)\n");
            sb.Append($"Memory Hole     : 0x{c.MemoryHole:x16}\n");
            sb.Append("--------------------------------------------------\n");
            sb.Append($"Total pages     : 0x{maxMapNr:x16}\n");
            sb.Append($"Write bytes     : {writeBytes}\n");
            sb.Append('\n');
            // Hits of our page cache for page tables and struct pages (makedumpfile reports its own).
            sb.Append($"Cache hit: {cacheHits}, miss: {cacheMisses}");
            if (cacheHits + cacheMisses > 0) sb.Append($", hit rate: {100.0 * cacheHits / (cacheHits + cacheMisses):F1}%");
            sb.Append("\n\n");
            return sb.ToString();
        }

        public static string MemUsage(ulong maxMapNr, ExclusionCounters c, int pageSize)
        {
            ulong original = maxMapNr - c.MemoryHole;
            var sb = new StringBuilder();
            sb.Append('\n');
            sb.Append("TYPE\t\tPAGES\t\t\tEXCLUDABLE\tDESCRIPTION\n");
            sb.Append("----------------------------------------------------------------------\n");
            sb.Append($"ZERO\t\t{c.Zero,-16}\tyes\t\tPages filled with zero\n");
            sb.Append($"NON_PRI_CACHE\t{c.Cache,-16}\tyes\t\tCache pages without private flag\n");
            sb.Append($"PRI_CACHE\t{c.CachePrivate,-16}\tyes\t\tCache pages with private flag\n");
            sb.Append($"USER\t\t{c.User,-16}\tyes\t\tUser process pages\n");
            sb.Append($"FREE\t\t{c.Free,-16}\tyes\t\tFree pages\n");
            sb.Append($"KERN_DATA\t{original - c.Excluded,-16}\tno\t\tDumpable kernel data \n");
            sb.Append('\n');
            sb.Append($"page size:\t\t{pageSize,-16}\n");
            sb.Append($"Total pages on system:\t{original,-16}\n");
            sb.Append($"Total size on system:\t{(ulong)pageSize * original,-16} Byte\n");
            return sb.ToString();
        }
    }
}
