using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Common.Elf
{
    /// <summary>
    /// The SHT_SYMTAB symbols of an ELF file by name (Elf32_Sym / Elf64_Sym, System V gABI
    /// chapter 4). A name defined more than once keeps its first entry, as makedumpfile's
    /// get_symbol_addr() takes the first match in table order.
    /// </summary>
    public sealed class ElfSymbolTable
    {
        private const uint ShtSymtab = 2;
        private readonly Dictionary<string, ulong> _values;

        private readonly ulong[] _sorted;

        private ElfSymbolTable(Dictionary<string, ulong> values, ulong[] sorted)
        {
            _values = values;
            _sorted = sorted;
        }

        public int Count => _values.Count;

        public static ElfSymbolTable Read(ElfSections elf)
        {
            ElfSection symtab = elf.FindType(ShtSymtab)
                ?? throw new ElfFormatException("the file has no symbol table (.symtab): a stripped kernel, not a vmlinux with debug information");
            ElfClass cls = elf.Header.Class;
            // Elf64_Sym: st_name, st_info, st_other, st_shndx, st_value, st_size (24 bytes);
            // Elf32_Sym: st_name, st_value, st_size, st_info, st_other, st_shndx (16 bytes).
            int size = cls.Is64 ? 24 : 16;
            int valueAt = cls.Is64 ? 8 : 4;
            if (symtab.EntrySize != (ulong)size)
                throw new ElfFormatException($"symbol table entry size {symtab.EntrySize}, expected {size}");
            byte[] data = elf.ReadData(symtab);
            byte[] names = elf.ReadData(elf[(int)symtab.Link]);
            var values = new Dictionary<string, ulong>(data.Length / size, StringComparer.Ordinal);
            var all = new List<ulong>(data.Length / size);
            for (int at = 0; at + size <= data.Length; at += size)
            {
                uint name = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
                if (name == 0) continue;
                ulong value = cls.ReadWord(data, at + valueAt);
                all.Add(value);
                string s = ElfSections.CString(names, name);
                if (s.Length == 0 || values.ContainsKey(s)) continue;
                values[s] = value;
            }
            ulong[] sorted = all.ToArray();
            Array.Sort(sorted);
            return new ElfSymbolTable(values, sorted);
        }

        /// <summary>The symbol's st_value, or null when the table has no such name.</summary>
        public ulong? Find(string name) => _values.TryGetValue(name, out ulong v) ? v : null;

        /// <summary>The lowest value of a named symbol above <paramref name="value"/> (get_next_symbol_addr()), or null.</summary>
        public ulong? Next(ulong value)
        {
            int i = Array.BinarySearch(_sorted, value);
            i = i < 0 ? ~i : i + 1;
            while (i < _sorted.Length && _sorted[i] <= value) i++;
            return i < _sorted.Length ? _sorted[i] : null;
        }
    }
}
