using System.Collections.Generic;

namespace KRestore.Planning
{
    /// <summary>What will be written, in target order, and how every page of the image is accounted for.</summary>
    internal sealed class RestorePlan
    {
        public List<WriteRun> Runs { get; } = new List<WriteRun>();
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>Pages written with the image's bytes.</summary>
        public ulong PagesWritten { get; set; }
        /// <summary>Pages written as zeros (zero pages of the image, stored by reference or left out at -d 1 in ELF).</summary>
        public ulong PagesZeroFilled { get; set; }
        /// <summary>Pages the image left out (free pages): the target keeps whatever it has there.</summary>
        public ulong PagesSkipped { get; set; }
        /// <summary>Of the written/zero-filled pages: A's pages of the running kernel's range, written to their kexec source pages.</summary>
        public ulong PagesRedirected { get; set; }
        /// <summary>Pages of the running kernel's range that were kexec's own pages in A (source = destination): nothing of A's to restore.</summary>
        public ulong PagesKexecOwn { get; set; }
        /// <summary>Image pages at kexec source addresses, replaced by the destination pages they stand for.</summary>
        public ulong PagesSuperseded { get; set; }
        /// <summary>Pages left out because --force overrode a range check.</summary>
        public ulong PagesForcedOut { get; set; }
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
