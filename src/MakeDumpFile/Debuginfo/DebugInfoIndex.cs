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

        private DebugInfoIndex() { }

        public static DebugInfoIndex Build(DebugInfo dwarf, IEnumerable<string> names)
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
                    if (dwarf.Name(e) is not string name || !wanted.Contains(name)) continue;
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

        public DwarfEntry? First(DwTag tag, string name) => All(tag, name) is { Count: > 0 } l ? l[0] : null;

        public long? Enumerator(string name) => _enumerators.TryGetValue(name, out long v) ? v : null;
    }
}
