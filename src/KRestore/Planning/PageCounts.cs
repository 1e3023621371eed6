namespace KRestore.Planning
{
    /// <summary>
    /// What a restore does with the image's pages: counted by the plan (PlanBuilder), moved
    /// between written and zero-filled by the writer when it decoded the zero pages itself, and
    /// reported by the summary.
    /// </summary>
    internal sealed class PageCounts
    {
        /// <summary>Pages written with the image's bytes.</summary>
        public ulong Written { get; set; }
        /// <summary>Pages written as zeros (zero pages of the image, stored by reference or left out at -d 1 in ELF).</summary>
        public ulong ZeroFilled { get; set; }
        /// <summary>Pages the image left out (free pages): the target keeps whatever it has there.</summary>
        public ulong Skipped { get; set; }
        /// <summary>Of the written/zero-filled pages: A's pages of the running kernel's range, written to their kexec source pages.</summary>
        public ulong Redirected { get; set; }
        /// <summary>Pages of the running kernel's range that were kexec's own pages in A (source = destination): nothing of A's to restore.</summary>
        public ulong KexecOwn { get; set; }
        /// <summary>Image pages at kexec source addresses, replaced by the destination pages they stand for.</summary>
        public ulong Superseded { get; set; }
        /// <summary>Pages left out because --force overrode a range check.</summary>
        public ulong ForcedOut { get; set; }

        public PageCounts Copy() => (PageCounts)MemberwiseClone();
    }
}
