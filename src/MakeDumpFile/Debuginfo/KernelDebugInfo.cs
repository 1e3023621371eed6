using System;
using System.Collections.Generic;
using Common.DumpFormats;
using Common.Dwarf;
using Common.Elf;

namespace MakeDumpFile.Debuginfo
{
    /// <summary>
    /// A vmlinux's symbols and DWARF types, asked the questions makedumpfile's dwarf_info.c asks
    /// of libdw, with its answers: the first unit (in .debug_info order) whose top-level entries
    /// hold the name decides, a structure counts only with a DW_AT_byte_size above 0, a member is
    /// also found inside nested anonymous structures and unions (its offset the sum of the
    /// containers'), an enumerator's value is the last one of that name in the first unit that
    /// has one. One pass over the units indexes the names asked for (<see cref="DebugInfoIndex"/>);
    /// makedumpfile walks every unit again for each question.
    /// </summary>
    /// <summary>What get_dwarf_base_type() notes of a type chain (makedumpfile's TYPE_ARRAY, TYPE_PTR, TYPE_STRUCT, TYPE_BASE).</summary>
    [Flags]
    public enum DebugTypeFlags
    {
        Array = 1,
        Pointer = 2,
        Struct = 4,
        Base = 8,
    }

    /// <summary>A type as the filter sees it: the name of the entry the chain ends at, the flags met, its byte size (-1: none).</summary>
    public sealed record DebugType(string? Name, DebugTypeFlags Flags, long Size);

    public sealed class KernelDebugInfo : IDisposable
    {
        private readonly PositionalFile _file;
        private readonly DebugInfoIndex _index;
        private readonly Dictionary<DwarfUnit, DwarfLineFiles?> _lineFiles = new();

        private KernelDebugInfo(string path, PositionalFile file, ElfSections elf, ElfSymbolTable symbols, DebugInfo dwarf, DebugInfoIndex index)
        {
            Path = path;
            _file = file;
            Elf = elf;
            Symbols = symbols;
            Dwarf = dwarf;
            _index = index;
        }

        public string Path { get; }
        public ElfSections Elf { get; }
        public ElfSymbolTable Symbols { get; }
        public DebugInfo Dwarf { get; }

        /// <summary>Opens a vmlinux and indexes the type, variable and enumerator names in <paramref name="names"/>.</summary>
        public static KernelDebugInfo Open(string path, IEnumerable<string> names, bool everyVariableAndStruct = false)
        {
            var file = new PositionalFile(path);
            try
            {
                ElfSections elf = ElfSections.Read(file);
                ElfSymbolTable symbols = ElfSymbolTable.Read(elf);
                DebugInfo dwarf = DebugInfo.Read(elf, path);
                try { return new KernelDebugInfo(path, file, elf, symbols, dwarf, DebugInfoIndex.Build(dwarf, names, everyVariableAndStruct)); }
                catch
                {
                    dwarf.Dispose();
                    throw;
                }
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>st_value of the first .symtab entry of that name (get_symbol_addr()).</summary>
        public ulong? Symbol(string name) => Symbols.Find(name);

        /// <summary>DW_AT_byte_size of the first structure of that name that has one above 0.</summary>
        public long? StructSize(string name) => FirstStruct(name) is DwarfEntry s ? ByteSize(s) : null;

        /// <summary>
        /// The offset of MEMBER in structure NAME. Where no structure has that name, a typedef of
        /// it naming a structure counts (atomic_long_t, a typedef of an anonymous struct, gives
        /// makedumpfile 1.7.2's OFFSET(atomic_long_t.counter)=0).
        /// </summary>
        public long? MemberOffset(string name, string member) =>
            Container(name) is DwarfEntry s && FindMember(s, member) is (DwarfEntry m, long offset, _) ? offset : null;

        /// <summary>The length of array member MEMBER of structure NAME (upper bound + 1).</summary>
        public long? MemberArrayLength(string name, string member) =>
            Container(name) is DwarfEntry s && FindMember(s, member) is (DwarfEntry m, _, _) ? ArrayLength(m) : null;

        /// <summary>The length of the array the first variable of that name is, or null when it is not an array or has no bound.</summary>
        public long? SymbolArrayLength(string name) =>
            _index.First(DwTag.Variable, name) is DwarfEntry v ? ArrayLength(v) : null;

        /// <summary>Whether the first variable of that name is an array (known length or not), null when there is no such variable.</summary>
        public bool? SymbolIsArray(string name) =>
            _index.First(DwTag.Variable, name) is DwarfEntry v ? Dwarf.Reference(v, DwAt.Type)?.Tag == DwTag.ArrayType : null;

        /// <summary>The value of the enumerator of that name.</summary>
        public long? EnumNumber(string name) => _index.Enumerator(name);

        /// <summary>DW_AT_byte_size of the first enumeration type of that name that has one above 0.</summary>
        public long? EnumTypeSize(string name)
        {
            foreach (DwarfEntry e in _index.All(DwTag.EnumerationType, name))
                if (ByteSize(e) is long size && size > 0) return size;
            return null;
        }

        /// <summary>The size of the type the first typedef of that name names, where that type has a DW_AT_byte_size above 0.</summary>
        public long? TypedefSize(string name)
        {
            foreach (DwarfEntry t in _index.All(DwTag.Typedef, name))
                if (Dwarf.Reference(t, DwAt.Type) is DwarfEntry target && ByteSize(target) is long size && size > 0) return size;
            return null;
        }

        /// <summary>The file that declares the first typedef of that name with a DW_AT_decl_file (dwarf_decl_file()).</summary>
        public string? TypedefSourceFile(string name)
        {
            foreach (DwarfEntry t in _index.All(DwTag.Typedef, name))
            {
                if (Dwarf.Constant(t, DwAt.DeclFile) is not ulong index) continue;
                if (LineFiles(t.Unit)?.FileName(index) is string file) return file;
            }
            return null;
        }

        /// <summary>The type of the first variable of that name (get_symbol_type_name()), or null without one.</summary>
        public DebugType? VariableType(string name) =>
            _index.First(DwTag.Variable, name) is DwarfEntry v ? TypeOf(v) : null;

        /// <summary>The type of member MEMBER of the structure named NAME (get_member_type_name()), or null.</summary>
        public DebugType? MemberType(string name, string member) =>
            FirstStruct(name) is DwarfEntry s && FindMember(s, member) is (DwarfEntry m, _, _) ? TypeOf(m) : null;

        /// <summary>The offset of MEMBER in the structure named NAME only (no typedef), as the filter resolves members.</summary>
        public long? StructMemberOffset(string name, string member) =>
            FirstStruct(name) is DwarfEntry s && FindMember(s, member) is (_, long offset, _) ? offset : null;

        /// <summary>The length of array member MEMBER of the structure named NAME only.</summary>
        public long? StructMemberArrayLength(string name, string member) =>
            FirstStruct(name) is DwarfEntry s && FindMember(s, member) is (DwarfEntry m, _, _) ? ArrayLength(m) : null;

        /// <summary>
        /// get_dwarf_base_type(): follows DW_AT_type to its end, noting every array, pointer,
        /// structure and base type met on the way; the name and size are the last entry's, a
        /// pointer to nothing is "void".
        /// </summary>
        public DebugType TypeOf(DwarfEntry e)
        {
            DebugTypeFlags flags = 0;
            DwarfEntry die = e;
            for (int depth = 0; depth < 64 && Dwarf.Reference(die, DwAt.Type) is DwarfEntry t; depth++)
            {
                die = t;
                flags |= die.Tag switch
                {
                    DwTag.ArrayType => DebugTypeFlags.Array,
                    DwTag.PointerType => DebugTypeFlags.Pointer,
                    DwTag.StructureType => DebugTypeFlags.Struct,
                    DwTag.BaseType => DebugTypeFlags.Base,
                    _ => 0,
                };
            }
            string? name = Dwarf.Name(die) ?? (flags == DebugTypeFlags.Pointer ? "void" : null);
            return new DebugType(name, flags, ByteSize(die) ?? -1);
        }

        /// <summary>Bytes at a virtual address of the vmlinux's loaded image, or null where its segments hold none.</summary>
        public byte[]? ReadVirtual(ulong address, int length) => Elf.ReadVirtual(address, length);

        private DwarfEntry? FirstStruct(string name)
        {
            foreach (DwarfEntry s in _index.All(DwTag.StructureType, name))
                if (ByteSize(s) is long size && size > 0) return s;
            return _index.FirstSizedStruct(name);
        }

        private DwarfEntry? Container(string name)
        {
            if (FirstStruct(name) is DwarfEntry s) return s;
            foreach (DwarfEntry t in _index.All(DwTag.Typedef, name))
            {
                DwarfEntry? target = StripTypedefs(t);
                if (target is DwarfEntry c && (c.Tag == DwTag.StructureType || c.Tag == DwTag.UnionType) && ByteSize(c) > 0) return c;
            }
            return null;
        }

        private DwarfEntry? StripTypedefs(DwarfEntry e)
        {
            DwarfEntry? t = Dwarf.Reference(e, DwAt.Type);
            for (int depth = 0; t is DwarfEntry x && x.Tag == DwTag.Typedef && depth < 64; depth++) t = Dwarf.Reference(x, DwAt.Type);
            return t;
        }

        /// <summary>
        /// search_member(): the member of that name among the container's members, or inside a
        /// member whose type is itself a structure or union (anonymous or not), depth first.
        /// Returns the member, its offset from the outer container and its own container.
        /// </summary>
        public (DwarfEntry member, long offset, DwarfEntry container)? FindMember(DwarfEntry container, string name, int depth = 0)
        {
            if (depth > 32) return null;
            foreach (DwarfEntry m in Dwarf.Children(container))
            {
                if (m.Tag != DwTag.Member) continue;
                string? n = Dwarf.Name(m);
                if (n != name)
                {
                    if (Dwarf.Reference(m, DwAt.Type) is DwarfEntry t && (t.Tag == DwTag.StructureType || t.Tag == DwTag.UnionType)
                        && FindMember(t, name, depth + 1) is (DwarfEntry inner, long innerOffset, DwarfEntry innerContainer))
                        return (inner, innerOffset + (MemberLocation(m) ?? 0), innerContainer);
                    continue;
                }
                if (container.Tag == DwTag.UnionType) return (m, 0, container);
                if (MemberLocation(m) is long offset) return (m, offset, container);
            }
            return null;
        }

        /// <summary>DW_AT_data_member_location: a constant, or a DW_OP_plus_uconst/DW_OP_constu expression (DWARF 2).</summary>
        public long? MemberLocation(DwarfEntry m)
        {
            if (!Dwarf.TryGetAttribute(m, DwAt.DataMemberLocation, out DwarfValue v)) return null;
            if (v.IsConstant) return unchecked((long)v.Number);
            if (!v.IsBlock) return null;
            ReadOnlySpan<byte> expr = Dwarf.Block(v);
            if (expr.Length < 2 || (expr[0] != (byte)DwOp.PlusUconst && expr[0] != (byte)DwOp.Constu)) return null;
            var c = new DwarfCursor(expr.Slice(1).ToArray(), 0, "DW_AT_data_member_location");
            return unchecked((long)c.Uleb());
        }

        public long? ByteSize(DwarfEntry e) => Dwarf.Constant(e, DwAt.ByteSize) is ulong s ? unchecked((long)s) : null;

        /// <summary>get_data_array_length(): the entry's type, under at most one const, must be an array; its first subrange's upper bound + 1.</summary>
        public long? ArrayLength(DwarfEntry e)
        {
            DwarfEntry? t = Dwarf.Reference(e, DwAt.Type);
            if (t is DwarfEntry c && c.Tag == DwTag.ConstType) t = Dwarf.Reference(c, DwAt.Type);
            if (t is not DwarfEntry array || array.Tag != DwTag.ArrayType) return null;
            foreach (DwarfEntry sub in Dwarf.Children(array))
            {
                if (sub.Tag != DwTag.SubrangeType) continue;
                return Dwarf.Constant(sub, DwAt.UpperBound) is ulong ub && ub < long.MaxValue ? (long)ub + 1 : null;
            }
            return null;
        }

        private DwarfLineFiles? LineFiles(DwarfUnit unit)
        {
            if (_lineFiles.TryGetValue(unit, out DwarfLineFiles? files)) return files;
            files = unit.StmtList is ulong at ? DwarfLineFiles.Read(Dwarf, unit, at) : null;
            _lineFiles[unit] = files;
            return files;
        }

        public void Dispose()
        {
            Dwarf.Dispose();
            _file.Dispose();
        }
    }
}
