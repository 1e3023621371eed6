namespace KRestore.Memory
{
    /// <summary>Bytes [Start, End) of physical memory.</summary>
    internal readonly struct PhysicalRange
    {
        public PhysicalRange(ulong start, ulong end)
        {
            Start = start;
            End = end;
        }

        public ulong Start { get; }
        public ulong End { get; }
        public ulong Length => End - Start;

        public override string ToString() => $"0x{Start:x}-0x{End - 1:x}";
    }
}
