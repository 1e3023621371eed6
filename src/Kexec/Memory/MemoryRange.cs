namespace Kexec.Memory
{
    /// <summary>A physical range [Start, End] with End inclusive, as /proc/iomem and /sys/firmware/memmap print it.</summary>
    internal readonly struct MemoryRange
    {
        public MemoryRange(ulong start, ulong end, MemoryType type)
        {
            Start = start;
            End = end;
            Type = type;
        }

        public ulong Start { get; }

        /// <summary>Last byte (inclusive).</summary>
        public ulong End { get; }

        public MemoryType Type { get; }

        public ulong Size => End - Start + 1;

        public override string ToString() => $"[0x{Start:x}-0x{End:x}] {Type}";
    }
}
