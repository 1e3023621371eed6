namespace Common.DumpFormats
{
    /// <summary>
    /// A run of physical memory as a dump describes it: like an ELF PT_LOAD, the bytes
    /// [PhysicalStart, PhysicalStart + FileSize) have data, the rest up to MemorySize reads as absent.
    /// </summary>
    public readonly struct PhysicalSegment
    {
        public PhysicalSegment(ulong physicalStart, ulong memorySize, ulong fileSize, long fileOffset, ulong virtualStart,
                               uint flags = 7, ulong align = 0)
        {
            Flags = flags;
            Align = align;
            PhysicalStart = physicalStart;
            MemorySize = memorySize;
            FileSize = fileSize;
            FileOffset = fileOffset;
            VirtualStart = virtualStart;
        }

        public ulong PhysicalStart { get; }
        public ulong MemorySize { get; }
        public ulong FileSize { get; }
        public long FileOffset { get; }
        public ulong VirtualStart { get; }
        public ulong PhysicalEnd => PhysicalStart + MemorySize;
        /// <summary>p_flags and p_align of the PT_LOAD this came from, copied into ELF output.</summary>
        public uint Flags { get; }
        public ulong Align { get; }
    }
}
