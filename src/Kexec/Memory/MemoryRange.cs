using Common.Memory;

namespace Kexec.Memory
{
    /// <summary>
    /// One entry of a memory map: a physical range (half-open, Common.Memory.PhysicalRange) and
    /// its type. /proc/iomem and /sys/firmware/memmap print the last byte instead of the end; the
    /// reader converts with FromInclusive, and ToString prints the last byte again.
    /// </summary>
    internal readonly struct MemoryRange
    {
        public MemoryRange(PhysicalRange range, MemoryType type)
        {
            Range = range;
            Type = type;
        }

        /// <summary>[first, last] with last inclusive, as the kernel prints it.</summary>
        public static MemoryRange FromInclusive(ulong first, ulong last, MemoryType type) =>
            new MemoryRange(PhysicalRange.FromInclusive(first, last), type);

        public PhysicalRange Range { get; }

        public ulong Start => Range.Start;

        /// <summary>The first byte after the range (exclusive).</summary>
        public ulong End => Range.End;

        public ulong Length => Range.Length;

        public MemoryType Type { get; }

        public override string ToString() => $"[{Range}] {Type}";
    }
}
