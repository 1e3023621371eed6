using System;
using System.Collections.Generic;
using Common.Dwarf;

namespace MakeDumpFile.Debuginfo
{
    /// <summary>
    /// The top-level entries of every unit whose names were asked for, by tag and name in
    /// .debug_info order, and the enumerators of those names (makedumpfile's search_die_tree()
    /// looks at a unit's top-level entries; types in C have no nested scope). Built in one
    /// pass; only the wanted names are kept, so memory stays small whatever the vmlinux.
    /// </summary>
    public sealed class DebugInfoIndex
    {
        private static readonly DwTag[] Indexed =
        {
            DwTag.StructureType, DwTag.UnionType, DwTag.Typedef, DwTag.EnumerationType, DwTag.Variable, DwTag.BaseType,
        };

        private readonly Dictionary<(DwTag, string), List<DwarfEntry>> _entries = new();
        private readonly Dictionary<string, long> _enumerators = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DwarfEntry> _firstVariable = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DwarfEntry> _firstStruct = new(StringComparer.Ordinal);

        private DebugInfoIndex() { }

        /// <param name="everyVariableAndStruct">
        /// Also keep, for every name, the first variable and the first structure with a size
        /// (the filter of --config follows members into types no list names beforehand).
        /// </param>
        public static DebugInfoIndex Build(DebugInfo dwarf, IEnumerable<string> names, bool everyVariableAndStruct = false)
        {
            var wanted = new HashSet<string>(names, StringComparer.Ordinal);
            var index = new DebugInfoIndex();
            foreach (DwarfUnit unit in dwarf.Units)
            {
                if (unit.Type != DwUnitType.Compile && unit.Type != DwUnitType.Partial) continue;
                DwarfEntry root = dwarf.Root(unit);
                Dictionary<string, long>? unitEnumerators = null;
                foreach (DwarfEntry e in dwarf.Children(root))
                {
                    if (Array.IndexOf(Indexed, e.Tag) < 0) continue;
                    if (e.Tag == DwTag.EnumerationType)
                        foreach (DwarfEntry item in dwarf.Children(e))
                        {
                            if (item.Tag != DwTag.Enumerator || dwarf.Name(item) is not string n || !wanted.Contains(n)) continue;
                            if (index._enumerators.ContainsKey(n) || !dwarf.TryGetAttribute(item, DwAt.ConstValue, out DwarfValue v) || !v.IsConstant) continue;
                            // The last one of the unit counts, as search_number() walks on after a match.
                            (unitEnumerators ??= new Dictionary<string, long>(StringComparer.Ordinal))[n] = unchecked((long)v.Number);
                        }
                    if (dwarf.Name(e) is not string name) continue;
                    if (everyVariableAndStruct)
                    {
                        if (e.Tag == DwTag.Variable && !index._firstVariable.ContainsKey(name)) index._firstVariable[name] = e;
                        else if (e.Tag == DwTag.StructureType && !index._firstStruct.ContainsKey(name)
                                 && dwarf.Constant(e, DwAt.ByteSize) is ulong size && size > 0)
                            index._firstStruct[name] = e;
                    }
                    if (!wanted.Contains(name)) continue;
                    if (!index._entries.TryGetValue((e.Tag, name), out List<DwarfEntry>? list))
                        index._entries[(e.Tag, name)] = list = new List<DwarfEntry>();
                    list.Add(e);
                }
                if (unitEnumerators != null)
                    foreach (var kv in unitEnumerators) index._enumerators[kv.Key] = kv.Value;
            }
            return index;
        }

        /// <summary>Every top-level entry of that tag and name, in .debug_info order.</summary>
        public IReadOnlyList<DwarfEntry> All(DwTag tag, string name) =>
            _entries.TryGetValue((tag, name), out List<DwarfEntry>? list) ? list : Array.Empty<DwarfEntry>();

        public DwarfEntry? First(DwTag tag, string name)
        {
            if (All(tag, name) is { Count: > 0 } l) return l[0];
            if (tag == DwTag.Variable && _firstVariable.TryGetValue(name, out DwarfEntry v)) return v;
            return null;
        }

        /// <summary>The first structure of that name with a DW_AT_byte_size above 0, where only the every-name index has it.</summary>
        public DwarfEntry? FirstSizedStruct(string name) => _firstStruct.TryGetValue(name, out DwarfEntry s) ? s : null;

        public long? Enumerator(string name) => _enumerators.TryGetValue(name, out long v) ? v : null;
    }
}
