namespace MakeDumpFile.Kernel
{
    /// <summary>A run of page frames and the kernel virtual address of their struct pages.</summary>
    internal readonly struct MemMapSection
    {
        public MemMapSection(ulong pfnStart, ulong pfnEnd, ulong memMap)
        {
            PfnStart = pfnStart;
            PfnEnd = pfnEnd;
            MemMap = memMap;
        }

        public ulong PfnStart { get; }
        public ulong PfnEnd { get; }
        /// <summary>Virtual address of the struct page of PfnStart.</summary>
        public ulong MemMap { get; }
    }
}
