using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Common.DumpFormats;

namespace Common.Elf
{
    /// <summary>One section header (Elf32_Shdr / Elf64_Shdr, System V gABI chapter 4) with its name.</summary>
    public sealed record ElfSection(string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link, ulong EntrySize)
    {
        /// <summary>SHT_NOBITS (.bss): the section takes no bytes of the file.</summary>
        public bool HasNoBits => Type == 8;
        /// <summary>SHF_COMPRESSED: the bytes are an Elf_Chdr and a zlib or zstd stream.</summary>
        public bool IsCompressed => (Flags & 0x800) != 0;
    }

    /// <summary>
    /// The section header table and the program headers of an ELF executable such as a vmlinux
    /// (what makedumpfile -x reads through libelf). Every offset and size is checked against
    /// the file's real length before anything is read, so a corrupt table is an
    /// <see cref="ElfFormatException"/>, never a huge allocation.
    /// </summary>
    public sealed class ElfSections
    {
        private readonly PositionalFile _file;
        private readonly List<ElfSection> _sections;

        private ElfSections(PositionalFile file, ElfHeader header, List<ElfSection> sections, List<ProgramHeader> segments)
        {
            _file = file;
            Header = header;
            _sections = sections;
            Segments = segments;
        }

        public ElfHeader Header { get; }
        public IReadOnlyList<ElfSection> Sections => _sections;
        public IReadOnlyList<ProgramHeader> Segments { get; }

        public static ElfSections Read(PositionalFile file)
        {
            var ident = new byte[Math.Min(64, file.Length)];
            file.ReadExactly(0, ident, "ELF header");
            ElfHeader h = ElfHeader.Parse(ident);
            ElfClass cls = h.Class;
            var segments = new List<ProgramHeader>();
            if (h.ProgramHeaderCount > 0)
            {
                byte[] table = ReadTable(file, h.ProgramHeaderOffset, h.ProgramHeaderCount, cls.ProgramHeaderSize, "program header table");
                for (int i = 0; i < h.ProgramHeaderCount; i++)
                    segments.Add(ProgramHeader.Parse(table.AsSpan(i * cls.ProgramHeaderSize), cls));
            }
            if (h.SectionHeaderCount == 0)
                throw new ElfFormatException($"{file.Path} has no section header table (a stripped or compressed kernel, not a vmlinux with debug information)");
            if (h.SectionHeaderEntrySize != cls.SectionHeaderSize)
                throw new ElfFormatException($"section header entry size {h.SectionHeaderEntrySize}, expected {cls.SectionHeaderSize}");
            byte[] raw = ReadTable(file, h.SectionHeaderOffset, h.SectionHeaderCount, cls.SectionHeaderSize, "section header table");
            var headers = new List<(uint name, ElfSection s)>();
            for (int i = 0; i < h.SectionHeaderCount; i++)
                headers.Add(ParseHeader(raw.AsSpan(i * cls.SectionHeaderSize), cls));
            if (h.SectionNameIndex >= headers.Count)
                throw new ElfFormatException($"section name table index {h.SectionNameIndex} is past the {headers.Count} sections");
            byte[] names = ReadData(file, headers[h.SectionNameIndex].s, "section name table");
            var sections = new List<ElfSection>(headers.Count);
            foreach (var (name, s) in headers)
                sections.Add(s with { Name = CString(names, name) });
            return new ElfSections(file, h, sections, segments);
        }

        private static (uint, ElfSection) ParseHeader(ReadOnlySpan<byte> d, ElfClass cls)
        {
            int w = cls.WordSize;
            uint name = BinaryPrimitives.ReadUInt32LittleEndian(d);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(4));
            ulong flags = cls.ReadWord(d, 8);
            ulong addr = cls.ReadWord(d, 8 + w);
            ulong offset = cls.ReadWord(d, 8 + 2 * w);
            ulong size = cls.ReadWord(d, 8 + 3 * w);
            uint link = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(8 + 4 * w));
            ulong entsize = cls.ReadWord(d, 16 + 5 * w);
            return (name, new ElfSection("", type, flags, addr, offset, size, link, entsize));
        }

        private static byte[] ReadTable(PositionalFile file, ulong offset, int count, int entrySize, string what)
        {
            ulong bytes = (ulong)count * (ulong)entrySize;
            if (offset > (ulong)file.Length || bytes > (ulong)file.Length - offset)
                throw new ElfFormatException($"the {what} ({count} entries at offset {offset}) lies past the end of {file.Path}");
            var table = new byte[bytes];
            file.ReadExactly((long)offset, table, what);
            return table;
        }

        /// <summary>The first section of that name, or null.</summary>
        public ElfSection? Find(string name)
        {
            foreach (ElfSection s in _sections) if (s.Name == name) return s;
            return null;
        }

        /// <summary>The first section of that type (SHT_SYMTAB is 2), or null.</summary>
        public ElfSection? FindType(uint type)
        {
            foreach (ElfSection s in _sections) if (s.Type == type) return s;
            return null;
        }

        public ElfSection this[int index] => index >= 0 && index < _sections.Count
            ? _sections[index]
            : throw new ElfFormatException($"section index {index} is past the {_sections.Count} sections");

        /// <summary>
        /// The section mapped from the file (null for an empty or NOBITS one); the same checks as
        /// <see cref="ReadData(ElfSection)"/> come first. The caller disposes it.
        /// </summary>
        public MappedSection? MapData(ElfSection s)
        {
            if (s.HasNoBits || s.Size == 0) return null;
            if (s.IsCompressed)
                throw new ElfFormatException($"section {s.Name} is compressed (SHF_COMPRESSED); decompress the vmlinux first (objcopy --decompress-debug-sections)");
            if (s.Offset > (ulong)_file.Length || s.Size > (ulong)_file.Length - s.Offset)
                throw new ElfFormatException($"section {s.Name} ({s.Size} bytes at offset {s.Offset}) lies past the end of {_file.Path}: truncated file?");
            if (s.Size > int.MaxValue)
                throw new ElfFormatException($"section {s.Name} is {s.Size} bytes, more than this reader takes");
            return new MappedSection(_file.Path, (long)s.Offset, (int)s.Size);
        }

        /// <summary>The section's bytes, bounded by the file: a size past its end is refused.</summary>
        public byte[] ReadData(ElfSection section) => ReadData(_file, section, section.Name);

        private static byte[] ReadData(PositionalFile file, ElfSection s, string what)
        {
            if (s.HasNoBits) return Array.Empty<byte>();
            if (s.IsCompressed)
                throw new ElfFormatException($"section {what} is compressed (SHF_COMPRESSED); decompress the vmlinux first (objcopy --decompress-debug-sections)");
            if (s.Offset > (ulong)file.Length || s.Size > (ulong)file.Length - s.Offset)
                throw new ElfFormatException($"section {what} ({s.Size} bytes at offset {s.Offset}) lies past the end of {file.Path}: truncated file?");
            if (s.Size > int.MaxValue)
                throw new ElfFormatException($"section {what} is {s.Size} bytes, more than this reader takes");
            var data = new byte[s.Size];
            file.ReadExactly((long)s.Offset, data, "section " + what);
            return data;
        }

        /// <summary>
        /// Bytes at a virtual address, from the PT_LOAD that holds them in the file (how
        /// makedumpfile's vaddr_to_offset_slow() finds init_uts_ns in a vmlinux); null when no
        /// segment's file bytes hold the whole range.
        /// </summary>
        public byte[]? ReadVirtual(ulong address, int length)
        {
            foreach (ProgramHeader p in Segments)
            {
                if (!p.IsLoad || address < p.VirtualAddress || address - p.VirtualAddress >= p.FileSize) continue;
                ulong within = address - p.VirtualAddress;
                if ((ulong)length > p.FileSize - within) return null;
                ulong offset = p.Offset + within;
                if (offset > (ulong)_file.Length || (ulong)length > (ulong)_file.Length - offset) return null;
                var data = new byte[length];
                _file.ReadExactly((long)offset, data, $"bytes at 0x{address:x}");
                return data;
            }
            return null;
        }

        /// <summary>The NUL-terminated string at <paramref name="offset"/> of a string table ("" when out of range).</summary>
        public static string CString(byte[] table, ulong offset)
        {
            if (offset >= (ulong)table.Length) return "";
            int start = (int)offset;
            int end = Array.IndexOf(table, (byte)0, start);
            if (end < 0) end = table.Length;
            return Encoding.UTF8.GetString(table, start, end - start);
        }
    }
}
