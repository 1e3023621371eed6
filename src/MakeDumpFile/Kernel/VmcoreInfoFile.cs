using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Common.Vmcore;
using Common.Numbers;
using ToolHost.Output;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// -i VMCOREINFO: the dumped kernel's VMCOREINFO read from a file (the text -g writes, or a
    /// VMCOREINFO note's text) as makedumpfile 1.7.2 reads it. open_files_for_creating_dumpfile()
    /// opens the file before the dump; initial() then reads it, the dump's own note after it:
    /// <list type="bullet">
    /// <item>read_vmcoreinfo_basic_info(): the file must have OSRELEASE= (the first one counts)
    /// and PAGESIZE= (the last one; each a power of two), CRASHTIME= must be a number; else
    /// "Invalid format" or "Invalid data";</item>
    /// <item>read_vmcoreinfo(): the entries of <see cref="VmcoreInfoFileKeys"/>, the first line of
    /// each, a symbol in hex and not 0, the rest decimal or else hex, or "Invalid data". A symbol
    /// gets the KASLR offset (KERNELOFFSET) of the dump's note added, as the file is meant to be
    /// made from the vmlinux (find_kaslr_offsets(), READ_SYMBOL with read_text_vmcoreinfo);</item>
    /// <item>read_vmcoreinfo_from_vmcore(): the note fills only what the file left unknown (a
    /// value of -1 is unknown, NOT_FOUND_NUMBER), except PAGESIZE, which the note's replaces; the
    /// release stays the file's, and check_release() compares it with the dumped kernel's
    /// (<see cref="CheckRelease"/>).</item>
    /// </list>
    /// Entries 1.7.2 does not read from a file are the note's, else the file's as written.
    /// </summary>
    internal sealed class VmcoreInfoFile
    {
        /// <summary>fgets() into makedumpfile's BUFSIZE_FGETS (1500) buffer: a longer line comes in pieces.</summary>
        private const int LinePiece = 1499;
        /// <summary>info->release holds STRLEN_OSRELEASE - 1 characters.</summary>
        private const int ReleaseChars = 64;

        private readonly List<string> _lines;

        private VmcoreInfoFile(string option, string path, string vmcore, List<string> lines)
        {
            Option = option;
            Path = path;
            Vmcore = vmcore;
            _lines = lines;
        }

        /// <summary>"-i", or "-x" for the text made from a vmlinux: the option messages name.</summary>
        public string Option { get; }
        public string Path { get; }
        /// <summary>The dump as the command line names it, for check_release()'s message.</summary>
        public string Vmcore { get; }
        /// <summary>The file's OSRELEASE, known once <see cref="Apply"/> has read it.</summary>
        public string Release { get; private set; } = "";

        /// <summary>Reads the file PATH names (null: no -i), before the dump is opened, as 1.7.2 does.</summary>
        public static VmcoreInfoFile? Open(string? path, string vmcore)
        {
            if (path == null) return null;
            byte[] bytes;
            try
            {
                // fopen() takes a directory and fgets() reads nothing from it: 1.7.2 finds no
                // OSRELEASE there ("Invalid format"), and so does this.
                bytes = Directory.Exists(path) ? Array.Empty<byte>() : ReadBounded(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new VmcoreInfoFileException($"-i {path}: cannot open the VMCOREINFO file: {ErrorText.Reason(e)}");
            }
            return new VmcoreInfoFile("-i", path, vmcore, Lines(bytes));
        }

        /// <summary>
        /// The VMCOREINFO a dump's kernel analysis reads in place of the note's: -i's file, or
        /// under -x VMLINUX the text -g would write from that vmlinux (1.7.2's initial() takes
        /// the vmlinux's debug information first and the note for what it lacks, as for -i).
        /// </summary>
        public static VmcoreInfoFile? OpenFor(MakeDumpFile.Cli.MakeDumpFileOptions o, string vmcore)
        {
            if (o.Vmlinux == null) return Open(o.VmcoreInfoFile, vmcore);
            string text = MakeDumpFile.Debuginfo.VmlinuxVmcoreInfo.Generate(o.Vmlinux);
            return new VmcoreInfoFile("-x", o.Vmlinux, vmcore, Lines(System.Text.Encoding.ASCII.GetBytes(text)));
        }

        /// <summary>
        /// A VMCOREINFO is one page in the kernel (VMCOREINFO_BYTES); a file far larger, or one
        /// without an end such as /dev/zero, is refused instead of read into memory.
        /// </summary>
        private static byte[] ReadBounded(string path)
        {
            const int Limit = 1 << 20;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            var buffer = new byte[Limit + 1];
            int total = 0, n;
            while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0) total += n;
            if (total > Limit) throw new VmcoreInfoFileException($"-i {path}: more than {Limit} bytes: not a VMCOREINFO file");
            Array.Resize(ref buffer, total);
            return buffer;
        }

        /// <summary>What the kernel analysis reads: the file, else the dump's note (null: neither).</summary>
        public static VmcoreInfo? For(VmcoreInfoFile? file, VmcoreInfo? note) => file != null ? file.Apply(note) : note;

        /// <summary>The lines as 1.7.2's fgets() loops see them: cut at a NUL, the reading stopped by an empty one.</summary>
        private static List<string> Lines(byte[] bytes)
        {
            var lines = new List<string>();
            string text = Chars(bytes, 0, bytes.Length);
            int at = 0;
            while (at < text.Length)
            {
                int nl = text.IndexOf('\n', at);
                int take = Math.Min(nl < 0 ? text.Length - at : nl - at + 1, LinePiece);
                string piece = text.Substring(at, take);
                at += take;
                int nul = piece.IndexOf('\0');
                if (nul >= 0) piece = piece.Substring(0, nul);
                if (piece.Length == 0) break;
                lines.Add(piece.EndsWith("\n", StringComparison.Ordinal) ? piece.Substring(0, piece.Length - 1) : piece);
            }
            return lines;
        }

        /// <summary>The file's entries with the note's, as 1.7.2's initial() combines them; a bad file throws.</summary>
        public VmcoreInfo Apply(VmcoreInfo? note)
        {
            string pageSize = BasicInfo();
            var first = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in _lines)
            {
                int eq = line.IndexOf('=');
                if (eq > 0 && !first.ContainsKey(line.Substring(0, eq))) first[line.Substring(0, eq)] = line.Substring(eq + 1);
            }
            ulong kaslr = note != null && note.TryGetRaw("KERNELOFFSET", out string off) ? CStrto.Strtoul(off, 16, out _) : 0;
            var read = new Dictionary<string, string>(StringComparer.Ordinal);
            var unknown = new List<string>();
            foreach (VmcoreInfoFileKeys.Key key in VmcoreInfoFileKeys.InReadOrder(read.ContainsKey))
            {
                if (!first.TryGetValue(key.Name, out string? value)) continue;
                string? taken = key.Kind == VmcoreInfoFileKeys.Kind.Symbol ? SymbolValue(key.Name, value, kaslr) : LongValue(key.Name, value);
                if (taken != null) read[key.Name] = taken;
                else unknown.Add(key.Name);
            }

            var merged = new Dictionary<string, string>(first, StringComparer.Ordinal);
            // 1.7.2 never reads the file's KASLR offset (only the note's).
            merged.Remove("KERNELOFFSET");
            if (note != null) foreach (KeyValuePair<string, string> kv in note.Entries) merged[kv.Key] = kv.Value;
            foreach (KeyValuePair<string, string> kv in read) merged[kv.Key] = kv.Value;
            foreach (string key in unknown) if (note?.Get(key) == null) merged.Remove(key);
            merged["OSRELEASE"] = Release;
            merged["PAGESIZE"] = note?.Get("PAGESIZE") ?? pageSize;
            // The memory flags of read_vmcoreinfo_basic_info() are set by either reading.
            foreach (string config in new[] { "CONFIG_X86_PAE", "CONFIG_PGTABLE_3", "CONFIG_PGTABLE_4" })
                if (first.TryGetValue(config, out string? v) && v.StartsWith("y", StringComparison.Ordinal)
                    || (note?.Get(config) ?? "").StartsWith("y", StringComparison.Ordinal))
                    merged[config] = "y";
            var text = new StringBuilder();
            foreach (KeyValuePair<string, string> kv in merged) text.Append(kv.Key).Append('=').Append(kv.Value).Append('\n');
            return VmcoreInfo.Parse(text.ToString());
        }

        /// <summary>read_vmcoreinfo_basic_info(): the release and the page size, which the file must give.</summary>
        private string BasicInfo()
        {
            string? release = null, pageSize = null;
            foreach (string line in _lines)
            {
                if (line.StartsWith("OSRELEASE=", StringComparison.Ordinal) && release == null)
                {
                    string r = line.Substring("OSRELEASE=".Length);
                    release = r.Length > ReleaseChars ? r.Substring(0, ReleaseChars) : r;
                }
                if (line.StartsWith("PAGESIZE=", StringComparison.Ordinal))
                {
                    string v = line.Substring("PAGESIZE=".Length);
                    long size = CStrto.Strtol(v, 10, out int end);
                    // set_page_size() takes a power of two only.
                    if (size <= 0 || size == long.MaxValue || end != v.Length || (size & (size - 1)) != 0) throw InvalidData(line);
                    pageSize = v;
                }
                if (line.StartsWith("CRASHTIME=", StringComparison.Ordinal))
                {
                    string v = line.Substring("CRASHTIME=".Length);
                    long t = CStrto.Strtol(v, 10, out int end);
                    if (t == 0 || t == long.MaxValue || end != v.Length) throw InvalidData(line);
                }
            }
            if (release == null || pageSize == null)
                throw new VmcoreInfoFileException($"{Option} {Path}: invalid format of the VMCOREINFO file: it needs an OSRELEASE= and a PAGESIZE= line");
            Release = release;
            return pageSize;
        }

        /// <summary>read_vmcoreinfo_symbol(): hex, all of it, neither 0 nor ULONG_MAX; plus the KASLR offset.</summary>
        private string SymbolValue(string key, string value, ulong kaslr)
        {
            ulong v = CStrto.Strtoul(value, 16, out int end);
            if (v == 0 || v == ulong.MaxValue || end != value.Length) throw InvalidData(key + "=" + value);
            return unchecked(v + kaslr).ToString("x");
        }

        /// <summary>read_vmcoreinfo_long(): decimal, else hex, all of it, not LONG_MAX; -1 stays unknown (null).</summary>
        private string? LongValue(string key, string value)
        {
            long v = CStrto.Strtol(value, 10, out int end);
            if (end != value.Length) v = CStrto.Strtol(value, 16, out end);
            if (v == long.MaxValue || end != value.Length) throw InvalidData(key + "=" + value);
            return v == -1 ? null : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Where check_release() looks; it fails first when the VMCOREINFO names no utsname at all.</summary>
        public ulong UtsnameAddress(VmcoreInfo info) =>
            UtsName.Address(info) ?? throw CannotCheck("neither the VMCOREINFO file nor the dump gives SYMBOL(init_uts_ns) or SYMBOL(system_utsname)");

        /// <summary>The release cannot be checked: 1.7.2 fails then (exit 1), at every dump level.</summary>
        public VmcoreInfoFileException CannotCheck(string why) =>
            new VmcoreInfoFileException($"{Option} {Path}: {why}: the dumped kernel's release cannot be checked");

        /// <summary>Bytes as characters one for one (C compares bytes; there is no Encoding.Latin1 on net472).</summary>
        private static string Chars(byte[] bytes, int start, int count)
        {
            var c = new char[count];
            for (int i = 0; i < count; i++) c[i] = (char)bytes[start + i];
            return new string(c);
        }

        private VmcoreInfoFileException InvalidData(string line) =>
            new VmcoreInfoFileException($"{Option} {Path}: invalid data in the VMCOREINFO file: {line}");

        /// <summary>
        /// check_release(): the dumped kernel's utsname (SYMBOL(system_utsname), else
        /// SYMBOL(init_uts_ns) + OFFSET(uts_namespace.name), 4 without it) must name the file's
        /// release; 1.7.2 exits 2 (WRONG_RELEASE) when it does not, 1 when it cannot read it. It is
        /// read through the page tables as 1.7.2's readmem() reads it: a file of another kernel
        /// (or one whose symbols already hold the KASLR offset, which 1.7.2 adds again) names a
        /// top page table that maps nothing there.
        /// </summary>
        public void CheckRelease(VmcoreInfo info, AddressTranslator vt)
        {
            ulong address = UtsnameAddress(info);
            var uts = new byte[NewUtsname.Size];
            if (!vt.TryReadVirtualByPageTables(address, uts))
                throw CannotCheck($"the dumped kernel's utsname at 0x{address:x} is not mapped in {Vmcore}");
            string release = UtsName.Field(uts, NewUtsname.Release);
            if (release != Release)
                throw new VmcoreInfoFileException($"{Path} and {Vmcore} don't match: the VMCOREINFO file is of release {Release}, the dumped kernel's utsname says {release}", VmcoreInfoFileException.WrongRelease);
        }
    }
}
