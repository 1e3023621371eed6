using Common.DumpFormats;

namespace MakeDumpFile.Filtering
{
    /// <summary>The outcome of filtering: the page frames that exist, the ones kept, and the counts.</summary>
    internal sealed class FilterResult
    {
        public FilterResult(ulong maxMapNr, PfnBitmap memory, PfnBitmap keep, ExclusionCounters counters)
        {
            MaxMapNr = maxMapNr;
            Memory = memory;
            Keep = keep;
            Counters = counters;
        }

        public ulong MaxMapNr { get; }
        /// <summary>First bitmap: frames inside the image's memory ranges.</summary>
        public PfnBitmap Memory { get; }
        /// <summary>Second bitmap: frames to write (zero pages may still be among them for kdump output).</summary>
        public PfnBitmap Keep { get; }
        public ExclusionCounters Counters { get; }
    }
}
