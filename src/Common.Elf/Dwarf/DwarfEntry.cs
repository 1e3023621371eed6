namespace Common.Dwarf
{
    /// <summary>
    /// One debugging information entry: where it lies, its abbreviation (tag, attribute forms)
    /// and where its attributes and whatever follows them start. Attribute values are decoded
    /// on demand by <see cref="DebugInfo"/>, which is what keeps a pass over a vmlinux's
    /// hundreds of MiB of entries cheap.
    /// </summary>
    public readonly struct DwarfEntry
    {
        public DwarfEntry(DwarfUnit unit, long offset, DwarfAbbreviation? abbreviation, long attributes, long next)
        {
            Unit = unit;
            Offset = offset;
            Abbreviation = abbreviation;
            Attributes = attributes;
            Next = next;
        }

        public DwarfUnit Unit { get; }
        public long Offset { get; }
        /// <summary>Null for the null entry that ends a list of siblings.</summary>
        public DwarfAbbreviation? Abbreviation { get; }
        public long Attributes { get; }
        /// <summary>The offset just past the attributes: the first child when there are children, else the next sibling.</summary>
        public long Next { get; }

        public bool IsNull => Abbreviation == null;
        public DwTag Tag => Abbreviation?.Tag ?? 0;
        public bool HasChildren => Abbreviation?.HasChildren ?? false;
    }
}
