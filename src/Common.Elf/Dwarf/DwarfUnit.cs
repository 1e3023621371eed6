namespace Common.Dwarf
{
    /// <summary>
    /// One unit of .debug_info: its header (DWARF 5 section 7.5.1.1; DWARF 2-4 put the abbreviation
    /// offset before the address size and have no unit type) and where its entries lie.
    /// </summary>
    public sealed class DwarfUnit
    {
        public DwarfUnit(int index, long offset, long end, int version, DwUnitType type, int offsetSize, int addressSize,
                         ulong abbrevOffset, long firstEntry, DwarfAbbreviations abbreviations)
        {
            Index = index;
            Offset = offset;
            End = end;
            Version = version;
            Type = type;
            OffsetSize = offsetSize;
            AddressSize = addressSize;
            AbbrevOffset = abbrevOffset;
            FirstEntry = firstEntry;
            Abbreviations = abbreviations;
        }

        /// <summary>The unit's place in .debug_info, 0 for the first.</summary>
        public int Index { get; }
        public long Offset { get; }
        /// <summary>The offset just past the unit.</summary>
        public long End { get; }
        public int Version { get; }
        public DwUnitType Type { get; }
        public int OffsetSize { get; }
        public int AddressSize { get; }
        public ulong AbbrevOffset { get; }
        /// <summary>The offset of the unit's first entry (its DW_TAG_compile_unit).</summary>
        public long FirstEntry { get; }
        public DwarfAbbreviations Abbreviations { get; }
        /// <summary>DW_AT_str_offsets_base of the unit entry (DWARF 5), for DW_FORM_strx*.</summary>
        public ulong StrOffsetsBase { get; internal set; }
        /// <summary>DW_AT_stmt_list of the unit entry: its line table in .debug_line, or null.</summary>
        public ulong? StmtList { get; internal set; }
    }
}
