using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Common.Numbers;

namespace Common.Vmcore
{
    /// <summary>
    /// The VMCOREINFO text a kernel exports for dump tools (kernel/vmcore_info.c,
    /// Documentation/admin-guide/kdump/vmcoreinfo.rst): one KEY=VALUE per line, where
    /// SYMBOL() and KERNELOFFSET are hexadecimal and SIZE(), OFFSET(), LENGTH(), NUMBER()
    /// and PAGESIZE decimal.
    /// </summary>
    public sealed class VmcoreInfo
    {
        public const string NoteName = "VMCOREINFO";

        private readonly Dictionary<string, string> _entries;

        private VmcoreInfo(string text, Dictionary<string, string> entries)
        {
            Text = text;
            _entries = entries;
        }

        /// <summary>The raw text, as found in the note.</summary>
        public string Text { get; }

        public IReadOnlyDictionary<string, string> Entries => _entries;

        public static VmcoreInfo Parse(ReadOnlySpan<byte> descriptor)
        {
            int nul = descriptor.IndexOf((byte)0);
            if (nul >= 0) descriptor = descriptor.Slice(0, nul);
            return Parse(Encoding.ASCII.GetString(descriptor.ToArray()));
        }

        public static VmcoreInfo Parse(string text)
        {
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in text.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                if (line.Length == 0) continue;
                int eq = line.IndexOf('=');
                if (eq <= 0)
                    throw new FormatException($"VMCOREINFO line without KEY=VALUE: '{Shorten(line)}'");
                // The first line wins: makedumpfile's readers (read_vmcoreinfo_symbol and its
                // siblings) stop at the first line that matches a key.
                string key = line.Substring(0, eq);
                if (!entries.ContainsKey(key)) entries[key] = line.Substring(eq + 1);
            }
            if (entries.Count == 0) throw new FormatException("VMCOREINFO is empty");
            return new VmcoreInfo(text, entries);
        }

        public string? OsRelease => Get("OSRELEASE");

        public bool TryGetRaw(string key, out string value)
        {
            if (_entries.TryGetValue(key, out string? v)) { value = v; return true; }
            value = "";
            return false;
        }

        public string? Get(string key) => _entries.TryGetValue(key, out string? v) ? v : null;

        /// <summary>PAGESIZE, which must be a power of two from 4 KiB to 64 KiB.</summary>
        public int PageSize
        {
            get
            {
                long size = RequireDecimal("PAGESIZE");
                if (size < 4096 || size > 65536 || (size & (size - 1)) != 0)
                    throw new FormatException($"VMCOREINFO PAGESIZE={size} is not a page size");
                return (int)size;
            }
        }

        public ulong? Symbol(string name) => Hex($"SYMBOL({name})");
        public long? Size(string name) => Decimal($"SIZE({name})");
        public long? Offset(string structName, string member) => Decimal($"OFFSET({structName}.{member})");
        public long? Length(string name) => Decimal($"LENGTH({name})");
        public long? Number(string name) => Decimal($"NUMBER({name})");

        /// <summary>KERNELOFFSET: the KASLR displacement of the kernel image, 0 when absent.</summary>
        public ulong KernelOffset => Hex("KERNELOFFSET") ?? 0;

        public bool ConfigEnabled(string option) => Get("CONFIG_" + option) == "y";

        public ulong RequireSymbol(string name) =>
            Symbol(name) ?? throw new FormatException($"VMCOREINFO lacks SYMBOL({name})");

        public long RequireDecimal(string key) =>
            Decimal(key) ?? throw new FormatException($"VMCOREINFO lacks {key}");

        public ulong? Hex(string key)
        {
            string? v = Get(key);
            if (v == null) return null;
            if (!NumberParser.TryParseHex(v, out ulong r))
                throw new FormatException($"VMCOREINFO {key}={Shorten(v)} is not hexadecimal");
            return r;
        }

        public long? Decimal(string key)
        {
            string? v = Get(key);
            if (v == null) return null;
            if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long r))
                throw new FormatException($"VMCOREINFO {key}={Shorten(v)} is not a decimal number");
            return r;
        }

        private static string Shorten(string s) => s.Length <= 60 ? s : s.Substring(0, 60) + "...";
    }
}
