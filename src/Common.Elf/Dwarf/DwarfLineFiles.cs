using System.Collections.Generic;

namespace Common.Dwarf
{
    /// <summary>
    /// The directory and file name tables of one line program header in .debug_line (DWARF 5
    /// section 6.2.4; DWARF 2-4 list include_directories and file_names as strings), which
    /// DW_AT_decl_file indexes.
    /// </summary>
    public sealed class DwarfLineFiles
    {
        private DwarfLineFiles(int version, string? compDir, List<string> directories, List<(string name, ulong dir)> files)
        {
            Version = version;
            CompDir = compDir;
            Directories = directories;
            Files = files;
        }

        public int Version { get; }
        /// <summary>The unit's DW_AT_comp_dir: directory 0 of DWARF 2-4, which their table does not list.</summary>
        public string? CompDir { get; }
        public IReadOnlyList<string> Directories { get; }
        public IReadOnlyList<(string name, ulong dir)> Files { get; }

        /// <summary>
        /// The name DW_AT_decl_file <paramref name="index"/> stands for, as libdw's dwarf_decl_file()
        /// gives it: the file's name, prefixed with its directory unless it is absolute; DWARF 5
        /// counts files from 0, DWARF 2-4 from 1 (0 there is "no file"). Null when out of range.
        /// </summary>
        public string? FileName(ulong index)
        {
            if (Version < 5)
            {
                if (index == 0) return null;
                index--;
            }
            if (index >= (ulong)Files.Count) return null;
            var (name, dir) = Files[(int)index];
            if (name.StartsWith("/")) return name;
            // DWARF 2-4 number include_directories from 1 (0: the unit's directory, not listed).
            long d = Version < 5 ? (long)dir - 1 : (long)dir;
            string? directory = d == -1 ? CompDir : d >= 0 && d < Directories.Count ? Directories[(int)d] : null;
            if (directory == null) return name;
            return directory.Length == 0 ? name : directory + "/" + name;
        }

        public static DwarfLineFiles Read(DebugInfo info, DwarfUnit unit, ulong offset)
        {
            byte[] line = info.Line;
            if (offset >= (ulong)line.Length)
                throw new DwarfFormatException($".debug_line: the unit at 0x{unit.Offset:x} points at offset {offset}, past its end ({line.Length} bytes)");
            var c = new DwarfCursor(line, (long)offset, ".debug_line");
            var (_, offsetSize) = c.InitialLength();
            int version = c.U16();
            if (version < 2 || version > 5) throw new DwarfFormatException($".debug_line: line table version {version} at offset {offset}");
            if (version >= 5) c.Skip(2); // address_size, segment_selector_size
            c.Word(offsetSize);          // header_length
            c.Skip(version >= 4 ? 5 : 4); // minimum_instruction_length, [maximum_operations_per_instruction], default_is_stmt, line_base, line_range
            int opcodeBase = c.U8();
            if (opcodeBase > 0) c.Skip(opcodeBase - 1);
            var dirs = new List<string>();
            var files = new List<(string, ulong)>();
            if (version >= 5)
            {
                foreach (var entry in Entries(info, unit, ref c, offsetSize)) dirs.Add(entry.path ?? "");
                foreach (var entry in Entries(info, unit, ref c, offsetSize)) files.Add((entry.path ?? "", entry.dir));
            }
            else
            {
                while (true)
                {
                    string dir = c.CString();
                    if (dir.Length == 0) break;
                    dirs.Add(dir);
                }
                while (true)
                {
                    string name = c.CString();
                    if (name.Length == 0) break;
                    ulong dir = c.Uleb();
                    c.Uleb(); // modification time
                    c.Uleb(); // length
                    files.Add((name, dir));
                }
            }
            string? compDir = info.TryGetAttribute(info.Root(unit), DwAt.CompDir, out DwarfValue cd) ? info.String(unit, cd) : null;
            return new DwarfLineFiles(version, compDir, dirs, files);
        }

        /// <summary>A DWARF 5 entry format and the entries it describes: each entry's path and directory index.</summary>
        private static List<(string? path, ulong dir)> Entries(DebugInfo info, DwarfUnit unit, ref DwarfCursor c, int offsetSize)
        {
            int formatCount = c.U8();
            var format = new List<(DwLnct content, DwForm form)>();
            for (int i = 0; i < formatCount; i++) format.Add(((DwLnct)c.Uleb(), (DwForm)c.Uleb()));
            ulong count = c.Uleb();
            if (count > (ulong)(c.Length - c.Position))
                throw new DwarfFormatException($".debug_line: {count} entries at offset {c.Position} cannot fit the section");
            var result = new List<(string?, ulong)>((int)count);
            for (ulong i = 0; i < count; i++)
            {
                string? path = null;
                ulong dir = 0;
                foreach (var (content, form) in format)
                {
                    switch (form)
                    {
                        case DwForm.String:
                            string s = c.CString();
                            if (content == DwLnct.Path) path = s;
                            break;
                        case DwForm.LineStrp: case DwForm.Strp:
                            ulong at = c.Word(offsetSize);
                            if (content == DwLnct.Path)
                                path = info.String(unit, new DwarfValue(form, at));
                            break;
                        case DwForm.Udata:
                            ulong u = c.Uleb();
                            if (content == DwLnct.DirectoryIndex) dir = u;
                            break;
                        case DwForm.Data1: case DwForm.Data2: case DwForm.Data4: case DwForm.Data8:
                            ulong n = c.Word(DwarfForms.FixedSize(form, offsetSize, unit.AddressSize));
                            if (content == DwLnct.DirectoryIndex) dir = n;
                            break;
                        case DwForm.Data16: c.Skip(16); break;
                        case DwForm.Block: c.Skip(DebugInfo.Length(c.Uleb())); break;
                        default: throw new DwarfFormatException($".debug_line: entry form 0x{(int)form:x} is not one this reader knows");
                    }
                }
                result.Add((path, dir));
            }
            return result;
        }
    }
}
