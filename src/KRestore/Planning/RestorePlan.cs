using System.Collections.Generic;

namespace KRestore.Planning
{
    /// <summary>What will be written, in target order, and how every page of the image is accounted for.</summary>
    internal sealed class RestorePlan
    {
        public List<WriteRun> Runs { get; } = new List<WriteRun>();
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>What the plan does with each page of the image.</summary>
        public PageCounts Pages { get; } = new PageCounts();
        /// <summary>True when pages the image left out are written as zeros (ELF image at a dump level with bit 1).</summary>
        public bool ExcludedZeroFilled { get; set; }
        public ulong BytesToWrite { get; set; }

        /// <summary>One past the highest target byte written (runs are sorted by target address).</summary>
        public ulong HighestEnd
        {
            get
            {
                ulong end = 0;
                foreach (WriteRun r in Runs) if (r.TargetEnd > end) end = r.TargetEnd;
                return end;
            }
        }
    }
}
