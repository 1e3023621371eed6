using System.Collections.Generic;

namespace Common.Dwarf
{
    /// <summary>One attribute specification of an abbreviation: its name, form and, for DW_FORM_implicit_const, the value.</summary>
    public readonly struct DwarfAttributeSpec
    {
        public DwarfAttributeSpec(DwAt name, DwForm form, long implicitConst)
        {
            Name = name;
            Form = form;
            ImplicitConst = implicitConst;
        }

        public DwAt Name { get; }
        public DwForm Form { get; }
        public long ImplicitConst { get; }
    }

    /// <summary>One abbreviation declaration (DWARF 5 section 7.5.3): the tag, whether children follow, the attributes.</summary>
    public sealed class DwarfAbbreviation
    {
        public DwarfAbbreviation(ulong code, DwTag tag, bool hasChildren, DwarfAttributeSpec[] attributes, int fixedSize)
        {
            Code = code;
            Tag = tag;
            HasChildren = hasChildren;
            Attributes = attributes;
            FixedSize = fixedSize;
        }

        public ulong Code { get; }
        public DwTag Tag { get; }
        public bool HasChildren { get; }
        public DwarfAttributeSpec[] Attributes { get; }
        /// <summary>The bytes all attributes take when every form has a fixed size, else -1.</summary>
        public int FixedSize { get; }
    }

    /// <summary>The abbreviation table at one offset of .debug_abbrev, by code.</summary>
    public sealed class DwarfAbbreviations
    {
        private readonly DwarfAbbreviation?[] _dense;
        private readonly Dictionary<ulong, DwarfAbbreviation> _sparse;

        private DwarfAbbreviations(DwarfAbbreviation?[] dense, Dictionary<ulong, DwarfAbbreviation> sparse)
        {
            _dense = dense;
            _sparse = sparse;
        }

        public DwarfAbbreviation Get(ulong code, long dieOffset)
        {
            DwarfAbbreviation? a = code < (ulong)_dense.Length ? _dense[code] : (_sparse.TryGetValue(code, out var s) ? s : null);
            return a ?? throw new DwarfFormatException($".debug_info: the entry at offset 0x{dieOffset:x} has abbreviation code {code}, which its table lacks");
        }

        /// <param name="offsetSize">4 or 8 (32- or 64-bit DWARF), for the size of offset forms.</param>
        /// <param name="addressSize">The unit's address size, for DW_FORM_addr.</param>
        public static DwarfAbbreviations Read(byte[] section, ulong offset, int offsetSize, int addressSize)
        {
            if (offset > (ulong)section.Length)
                throw new DwarfFormatException($".debug_abbrev: a unit's table offset {offset} lies past its end ({section.Length} bytes)");
            var c = new DwarfCursor(section, (long)offset, ".debug_abbrev");
            var list = new List<DwarfAbbreviation>();
            ulong max = 0;
            while (true)
            {
                ulong code = c.Uleb();
                if (code == 0) break;
                var tag = (DwTag)c.Uleb();
                bool children = c.U8() != 0;
                var specs = new List<DwarfAttributeSpec>();
                int fixedSize = 0;
                while (true)
                {
                    var name = (DwAt)c.Uleb();
                    var form = (DwForm)c.Uleb();
                    long implicitConst = form == DwForm.ImplicitConst ? c.Sleb() : 0;
                    if (name == 0 && form == 0) break;
                    specs.Add(new DwarfAttributeSpec(name, form, implicitConst));
                    int size = DwarfForms.FixedSize(form, offsetSize, addressSize);
                    fixedSize = size < 0 || fixedSize < 0 ? -1 : fixedSize + size;
                }
                list.Add(new DwarfAbbreviation(code, tag, children, specs.ToArray(), fixedSize));
                if (code > max) max = code;
            }
            // Codes are 1..n in practice (gcc, clang); an unusual table falls back to a dictionary.
            bool dense = max < 1u << 20 && max <= (ulong)list.Count * 4 + 16;
            var table = new DwarfAbbreviation?[dense ? (int)max + 1 : 0];
            var sparse = new Dictionary<ulong, DwarfAbbreviation>();
            foreach (DwarfAbbreviation a in list)
            {
                if (dense) table[a.Code] = a;
                else sparse[a.Code] = a;
            }
            return new DwarfAbbreviations(table, sparse);
        }
    }
}
