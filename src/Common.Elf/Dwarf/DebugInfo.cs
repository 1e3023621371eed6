using System;
using System.Collections.Generic;
using System.Text;
using Common.Elf;

namespace Common.Dwarf
{
    /// <summary>
    /// The DWARF debugging information of one ELF file (a vmlinux): its units and entries in
    /// .debug_info, read through .debug_abbrev, with names from .debug_str, .debug_line_str and
    /// .debug_str_offsets (DWARF 2 to 5, 32- and 64-bit DWARF; DWARF 5 sections 7.5 and 7.26).
    /// A vmlinux is a linked executable, so its .debug_* bytes are final: the .rela.debug_*
    /// sections that CONFIG_RELOCATABLE leaves beside them are not applied.
    /// </summary>
    public sealed class DebugInfo : IDisposable
    {
        private readonly ReadOnlyMemory<byte> _info;
        private readonly IDisposable? _infoMapping;
        private readonly byte[] _abbrev;
        private readonly byte[] _str;
        private readonly byte[] _lineStr;
        private readonly byte[] _strOffsets;
        private readonly List<DwarfUnit> _units = new();
        private readonly Dictionary<long, string> _strings = new();

        private DebugInfo(ReadOnlyMemory<byte> info, IDisposable? infoMapping, byte[] abbrev, byte[] str, byte[] lineStr, byte[] strOffsets, byte[] line)
        {
            _info = info;
            _infoMapping = infoMapping;
            _abbrev = abbrev;
            _str = str;
            _lineStr = lineStr;
            _strOffsets = strOffsets;
            Line = line;
        }

        public IReadOnlyList<DwarfUnit> Units => _units;
        /// <summary>.debug_line, for <see cref="DwarfLineFiles"/>.</summary>
        public byte[] Line { get; }
        internal byte[] LineStrings => _lineStr;
        internal byte[] Strings => _str;

        public static DebugInfo Read(ElfSections elf, string path)
        {
            byte[] Section(string name, bool required)
            {
                ElfSection? s = elf.Find(name);
                if (s == null)
                {
                    if (required) throw new DwarfFormatException($"{path} has no {name} section: not a vmlinux with debug information (CONFIG_DEBUG_INFO)");
                    return Array.Empty<byte>();
                }
                return elf.ReadData(s);
            }
            // .debug_info, the one that is hundreds of MiB, is mapped rather than copied (Elf/MappedSection).
            ElfSection info = elf.Find(".debug_info")
                ?? throw new DwarfFormatException($"{path} has no .debug_info section: not a vmlinux with debug information (CONFIG_DEBUG_INFO)");
            MappedSection? mapped = elf.MapData(info);
            var d = new DebugInfo(mapped != null ? mapped.Memory : elf.ReadData(info), mapped, Section(".debug_abbrev", true), Section(".debug_str", false),
                                  Section(".debug_line_str", false), Section(".debug_str_offsets", false), Section(".debug_line", false));
            try { d.ReadUnits(); }
            catch
            {
                d.Dispose();
                throw;
            }
            return d;
        }

        private void ReadUnits()
        {
            var abbrevs = new Dictionary<(ulong, int, int), DwarfAbbreviations>();
            var c = new DwarfCursor(_info.Span, 0, ".debug_info");
            while (!c.AtEnd)
            {
                long start = c.Position;
                var (length, offsetSize) = c.InitialLength();
                long end = c.Position + (long)Math.Min(length, (ulong)(_info.Length - c.Position));
                if ((ulong)(end - c.Position) != length)
                    throw new DwarfFormatException($".debug_info: the unit at offset 0x{start:x} claims {length} bytes, past the section's end");
                int version = c.U16();
                DwUnitType type = DwUnitType.Compile;
                int addressSize;
                ulong abbrevOffset;
                if (version >= 5)
                {
                    type = (DwUnitType)c.U8();
                    addressSize = c.U8();
                    abbrevOffset = c.Word(offsetSize);
                    // Type and skeleton units carry a signature (and a type offset) before their entries.
                    if (type is DwUnitType.Type or DwUnitType.SplitType) c.Skip(8 + offsetSize);
                    else if (type is DwUnitType.Skeleton or DwUnitType.SplitCompile) c.Skip(8);
                }
                else if (version >= 2)
                {
                    abbrevOffset = c.Word(offsetSize);
                    addressSize = c.U8();
                }
                else throw new DwarfFormatException($".debug_info: the unit at offset 0x{start:x} has DWARF version {version}, which this reader does not know (2 to 5)");
                if (addressSize != 4 && addressSize != 8)
                    throw new DwarfFormatException($".debug_info: the unit at offset 0x{start:x} has address size {addressSize}");
                if (!abbrevs.TryGetValue((abbrevOffset, offsetSize, addressSize), out DwarfAbbreviations? table))
                    abbrevs[(abbrevOffset, offsetSize, addressSize)] = table = DwarfAbbreviations.Read(_abbrev, abbrevOffset, offsetSize, addressSize);
                var unit = new DwarfUnit(_units.Count, start, end, version, type, offsetSize, addressSize, abbrevOffset, c.Position, table);
                _units.Add(unit);
                if (c.Position < end)
                {
                    DwarfEntry root = ReadEntry(unit, c.Position);
                    if (TryGetAttribute(root, DwAt.StrOffsetsBase, out DwarfValue b)) unit.StrOffsetsBase = b.Number;
                    if (TryGetAttribute(root, DwAt.StmtList, out DwarfValue s)) unit.StmtList = s.Number;
                }
                c.Position = end;
            }
        }

        /// <summary>The unit whose bytes hold <paramref name="offset"/>.</summary>
        public DwarfUnit UnitOf(long offset)
        {
            int lo = 0, hi = _units.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                DwarfUnit u = _units[mid];
                if (offset < u.Offset) hi = mid - 1;
                else if (offset >= u.End) lo = mid + 1;
                else return u;
            }
            throw new DwarfFormatException($".debug_info: offset 0x{offset:x} lies in no unit");
        }

        /// <summary>The entry at <paramref name="offset"/> of <paramref name="unit"/>, its attributes skipped.</summary>
        public DwarfEntry ReadEntry(DwarfUnit unit, long offset)
        {
            if (offset < unit.FirstEntry || offset >= unit.End)
                throw new DwarfFormatException($".debug_info: entry offset 0x{offset:x} lies outside its unit (0x{unit.Offset:x}-0x{unit.End:x})");
            var c = new DwarfCursor(_info.Span, offset, ".debug_info");
            ulong code = c.Uleb();
            if (code == 0) return new DwarfEntry(unit, offset, null, c.Position, c.Position);
            DwarfAbbreviation a = unit.Abbreviations.Get(code, offset);
            long attributes = c.Position;
            if (a.FixedSize >= 0) c.Skip(a.FixedSize);
            else foreach (DwarfAttributeSpec s in a.Attributes) SkipValue(ref c, s.Form, unit);
            if (c.Position > unit.End)
                throw new DwarfFormatException($".debug_info: the entry at 0x{offset:x} runs past the end of its unit");
            return new DwarfEntry(unit, offset, a, attributes, c.Position);
        }

        /// <summary>The first child of an entry that has children (possibly the null entry: no child).</summary>
        public DwarfEntry FirstChild(DwarfEntry e) => ReadEntry(e.Unit, e.Next);

        /// <summary>Entries nest no deeper than this; malformed data that claims more is refused rather than walked.</summary>
        public const int MaxDepth = 1024;

        /// <summary>The entry after <paramref name="e"/> at its level, skipping its children (by DW_AT_sibling when present).</summary>
        public DwarfEntry NextSibling(DwarfEntry e)
        {
            if (e.IsNull || !e.HasChildren) return ReadEntry(e.Unit, e.Next);
            if (SiblingOf(e) is long target) return ReadEntry(e.Unit, target);
            // Walks the subtree without recursion: a corrupt unit cannot overflow the stack.
            long at = e.Next;
            int depth = 1;
            while (true)
            {
                DwarfEntry x = ReadEntry(e.Unit, at);
                if (x.IsNull) depth--;
                else if (x.HasChildren)
                {
                    if (SiblingOf(x) is long t) { at = t; continue; }
                    if (++depth > MaxDepth)
                        throw new DwarfFormatException($".debug_info: the entries below 0x{e.Offset:x} nest deeper than {MaxDepth}");
                }
                at = x.Next;
                if (depth == 0) return ReadEntry(e.Unit, at);
            }
        }

        /// <summary>A DW_AT_sibling that points forward inside the unit (one that does not is ignored).</summary>
        private long? SiblingOf(DwarfEntry e)
        {
            if (!TryGetAttribute(e, DwAt.Sibling, out DwarfValue s) || !DwarfForms.IsUnitReference(s.Form)) return null;
            if (s.Number >= (ulong)(e.Unit.End - e.Unit.Offset)) return null;
            long target = e.Unit.Offset + (long)s.Number;
            return target > e.Offset ? target : null;
        }

        /// <summary>The children of an entry, in order (none when it has no children).</summary>
        public IEnumerable<DwarfEntry> Children(DwarfEntry e)
        {
            if (!e.HasChildren) yield break;
            for (DwarfEntry c = FirstChild(e); !c.IsNull; c = NextSibling(c)) yield return c;
        }

        /// <summary>The first entry of the unit, its DW_TAG_compile_unit.</summary>
        public DwarfEntry Root(DwarfUnit unit) => ReadEntry(unit, unit.FirstEntry);

        public bool TryGetAttribute(DwarfEntry e, DwAt name, out DwarfValue value)
        {
            value = default;
            if (e.Abbreviation == null) return false;
            var c = new DwarfCursor(_info.Span, e.Attributes, ".debug_info");
            foreach (DwarfAttributeSpec s in e.Abbreviation.Attributes)
            {
                if (s.Name == name)
                {
                    value = ReadValue(ref c, s, e.Unit);
                    return true;
                }
                SkipValue(ref c, s.Form, e.Unit);
            }
            return false;
        }

        /// <summary>DW_AT_name, or null when the entry has none.</summary>
        public string? Name(DwarfEntry e) =>
            TryGetAttribute(e, DwAt.Name, out DwarfValue v) ? String(e.Unit, v) : null;

        /// <summary>A constant attribute (DW_AT_byte_size, DW_AT_upper_bound, ...) as an unsigned number, or null.</summary>
        public ulong? Constant(DwarfEntry e, DwAt name) =>
            TryGetAttribute(e, name, out DwarfValue v) && v.IsConstant ? v.Number : null;

        /// <summary>The entry a reference attribute (DW_AT_type) points to, or null when there is none.</summary>
        public DwarfEntry? Reference(DwarfEntry e, DwAt name)
        {
            if (!TryGetAttribute(e, name, out DwarfValue v)) return null;
            if (DwarfForms.IsUnitReference(v.Form)) return ReadEntry(e.Unit, e.Unit.Offset + (long)v.Number);
            if (v.Form == DwForm.RefAddr)
            {
                if (v.Number >= (ulong)_info.Length) throw new DwarfFormatException($".debug_info: reference 0x{v.Number:x} lies past the section");
                return ReadEntry(UnitOf((long)v.Number), (long)v.Number);
            }
            return null;
        }

        /// <summary>A block or exprloc value's bytes.</summary>
        public ReadOnlySpan<byte> Block(DwarfValue v) => _info.Span.Slice((int)v.DataOffset, v.DataLength);

        /// <summary>A string-class value's text, or null for a value of another class.</summary>
        public string? String(DwarfUnit unit, DwarfValue v)
        {
            switch (v.Form)
            {
                case DwForm.String:
                    return DwarfCursor.Text(_info.Span.Slice((int)v.DataOffset, v.DataLength));
                case DwForm.Strp:
                    return Cached(_str, (long)v.Number, ".debug_str", 0);
                case DwForm.LineStrp:
                    return Cached(_lineStr, (long)v.Number, ".debug_line_str", 1L << 62);
                case DwForm.Strx: case DwForm.Strx1: case DwForm.Strx2: case DwForm.Strx3: case DwForm.Strx4: case DwForm.GnuStrIndex:
                    ulong at = unit.StrOffsetsBase + v.Number * (ulong)unit.OffsetSize;
                    if (at > (ulong)_strOffsets.Length || (ulong)unit.OffsetSize > (ulong)_strOffsets.Length - at)
                        throw new DwarfFormatException($".debug_str_offsets: string index {v.Number} of the unit at 0x{unit.Offset:x} lies past its end");
                    var c = new DwarfCursor(_strOffsets, (long)at, ".debug_str_offsets");
                    return Cached(_str, (long)c.Word(unit.OffsetSize), ".debug_str", 0);
                default:
                    return null;
            }
        }

        /// <summary>A string of a merged string section: names repeat in every unit, so each is decoded once.</summary>
        private string Cached(byte[] section, long offset, string what, long key)
        {
            if (_strings.TryGetValue(offset | key, out string? s)) return s;
            if (offset < 0 || offset >= section.Length)
                throw new DwarfFormatException($"{what}: string offset {offset} lies past its end ({section.Length} bytes)");
            s = new DwarfCursor(section, offset, what).CString();
            _strings[offset | key] = s;
            return s;
        }

        public void Dispose() => _infoMapping?.Dispose();

        private DwarfValue ReadValue(ref DwarfCursor c, DwarfAttributeSpec s, DwarfUnit u)
        {
            DwForm form = s.Form;
            if (form == DwForm.Indirect) form = (DwForm)c.Uleb();
            switch (form)
            {
                case DwForm.ImplicitConst: return new DwarfValue(form, unchecked((ulong)s.ImplicitConst));
                case DwForm.FlagPresent: return new DwarfValue(form, 1);
                case DwForm.Sdata: return new DwarfValue(form, unchecked((ulong)c.Sleb()));
                case DwForm.Udata: case DwForm.RefUdata: case DwForm.Strx: case DwForm.Addrx:
                case DwForm.Loclistx: case DwForm.Rnglistx: case DwForm.GnuAddrIndex: case DwForm.GnuStrIndex:
                    return new DwarfValue(form, c.Uleb());
                case DwForm.String:
                {
                    long start = c.SkipCString();
                    return new DwarfValue(form, 0, start, (int)(c.Position - start - 1));
                }
                case DwForm.Exprloc: case DwForm.Block: return Block(ref c, form, c.Uleb());
                case DwForm.Block1: return Block(ref c, form, c.U8());
                case DwForm.Block2: return Block(ref c, form, c.U16());
                case DwForm.Block4: return Block(ref c, form, c.U32());
                case DwForm.Strx3: case DwForm.Addrx3: return new DwarfValue(form, c.U24());
                case DwForm.Data16: { long at = c.Position; c.Skip(16); return new DwarfValue(form, 0, at, 16); }
                default:
                    int size = DwarfForms.FixedSize(form, u.OffsetSize, u.AddressSize);
                    if (size < 0) throw new DwarfFormatException($".debug_info: form 0x{(int)form:x} at offset {c.Position} is not one this reader knows");
                    return new DwarfValue(form, c.Word(size));
            }
        }

        /// <summary>A LEB128 length as a skip count: one past any section is refused by the skip itself.</summary>
        internal static long Length(ulong value) => value > long.MaxValue ? -1 : (long)value;

        private static DwarfValue Block(ref DwarfCursor c, DwForm form, ulong length)
        {
            long at = c.Position;
            if (length > (ulong)(c.Length - at)) throw new DwarfFormatException($".debug_info: a {length}-byte block at offset {at} lies past the end");
            c.Skip((long)length);
            return new DwarfValue(form, 0, at, (int)length);
        }

        private static void SkipValue(ref DwarfCursor c, DwForm form, DwarfUnit u)
        {
            while (true)
            {
                int size = DwarfForms.FixedSize(form, u.OffsetSize, u.AddressSize);
                if (size >= 0) { c.Skip(size); return; }
                switch (form)
                {
                    case DwForm.Indirect: form = (DwForm)c.Uleb(); continue;
                    case DwForm.Sdata: c.Sleb(); return;
                    case DwForm.Udata: case DwForm.RefUdata: case DwForm.Strx: case DwForm.Addrx:
                    case DwForm.Loclistx: case DwForm.Rnglistx: case DwForm.GnuAddrIndex: case DwForm.GnuStrIndex:
                        c.Uleb(); return;
                    case DwForm.String: c.SkipCString(); return;
                    case DwForm.Exprloc: case DwForm.Block: c.Skip(Length(c.Uleb())); return;
                    case DwForm.Block1: c.Skip(c.U8()); return;
                    case DwForm.Block2: c.Skip(c.U16()); return;
                    case DwForm.Block4: c.Skip(c.U32()); return;
                    default: throw new DwarfFormatException($".debug_info: form 0x{(int)form:x} at offset {c.Position} is not one this reader knows");
                }
            }
        }
    }
}
