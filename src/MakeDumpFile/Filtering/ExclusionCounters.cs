namespace MakeDumpFile.Filtering
{
    /// <summary>How many page frames each rule removed, as makedumpfile's pfn_* counters.</summary>
    internal sealed class ExclusionCounters
    {
        public ulong Zero;
        public ulong Cache;
        public ulong CachePrivate;
        public ulong User;
        public ulong Free;
        public ulong HwPoison;
        public ulong Offline;
        public ulong MemoryHole;

        public ulong Excluded => Zero + Cache + CachePrivate + User + Free + HwPoison + Offline;
    }
}
