using System;
using System.Collections.Generic;
using System.Linq;
using Common.Memory;
using Common.Numbers;

namespace Kexec.Memory
{
    /// <summary>
    /// Reads the machine's physical memory map. /sys/firmware/memmap (the firmware's e820 as
    /// booted, drivers/firmware/memmap.c) is preferred because it is what a new kernel should be
    /// told; /proc/iomem is the fallback. The crash kernel reservation only appears in /proc/iomem.
    /// </summary>
    internal sealed class MemoryMapReader
    {
        private readonly SystemFiles _files;

        public MemoryMapReader(SystemFiles files)
        {
            _files = files;
        }

        /// <summary>Name of the source the last Read used, for --debug.</summary>
        public string Source { get; private set; } = "";

        public IReadOnlyList<MemoryRange> Read()
        {
            var fromSys = ReadFirmwareMemmap();
            if (fromSys.Count > 0)
            {
                Source = "/sys/firmware/memmap";
                return fromSys;
            }
            string? iomem = _files.ReadText("/proc/iomem");
            if (iomem == null)
                throw new KexecException("cannot read the memory map: neither /sys/firmware/memmap nor /proc/iomem is readable");
            Source = "/proc/iomem";
            var ranges = ParseIomem(iomem, topLevelOnly: true).Where(r => r.Type != MemoryType.CrashKernel).ToList();
            if (ranges.Count == 0 || ranges.All(r => r.Start == 0 && r.Range.Last == 0))
                throw new KexecException("no memory ranges in /proc/iomem (run as root: others see zero addresses)");
            return RestoreReservedRam(ranges, _files.ReadText("/proc/cmdline"));
        }

        /// <summary>The "Crash kernel" reservation (crashkernel= on the running kernel), if any.</summary>
        public IReadOnlyList<MemoryRange> ReadCrashKernelRanges()
        {
            string? iomem = _files.ReadText("/proc/iomem");
            if (iomem == null) return new MemoryRange[0];
            return ParseIomem(iomem, topLevelOnly: false).Where(r => r.Type == MemoryType.CrashKernel).ToList();
        }

        /// <summary>All "System RAM" ranges as the running kernel sees them (for core headers).</summary>
        public IReadOnlyList<MemoryRange> ReadSystemRamFromIomem()
        {
            string? iomem = _files.ReadText("/proc/iomem");
            if (iomem == null) return new MemoryRange[0];
            return ParseIomem(iomem, topLevelOnly: true).Where(r => r.Type == MemoryType.Ram).ToList();
        }

        private List<MemoryRange> ReadFirmwareMemmap()
        {
            var list = new List<MemoryRange>();
            foreach (string dir in _files.ListDirectories("/sys/firmware/memmap"))
            {
                string name = System.IO.Path.GetFileName(dir);
                string baseName = "/sys/firmware/memmap/" + name;
                string? start = _files.ReadText(baseName + "/start");
                string? end = _files.ReadText(baseName + "/end");
                string? type = _files.ReadText(baseName + "/type");
                if (start == null || end == null || type == null) continue;
                if (!NumberParser.TryParse(start, out ulong s) || !NumberParser.TryParse(end, out ulong e) || e < s)
                    throw new KexecException($"malformed entry {baseName}: start '{start.Trim()}', end '{end.Trim()}'");
                MemoryType? t = TypeFromName(type.Trim());
                if (t == null) continue;
                // drivers/firmware/memmap.c prints end = start + size - 1: the last byte.
                list.Add(MemoryRange.FromInclusive(s, e, t.Value));
            }
            list.Sort((a, b) => a.Start.CompareTo(b.Start));
            return list;
        }

        /// <summary>
        /// /proc/iomem shows RAM that the running kernel set aside with memmap=SIZE$START as
        /// "Reserved" (arch/x86/kernel/e820.c, parse_memmap_one). It is RAM to a new kernel (the
        /// usual way to keep a region free for a jump-back kernel), so without
        /// /sys/firmware/memmap we turn it back into RAM.
        /// </summary>
        public static List<MemoryRange> RestoreReservedRam(List<MemoryRange> ranges, string? cmdline)
        {
            var carved = new RangeSet();
            if (cmdline != null)
            {
                foreach (string p in cmdline.Trim().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!p.StartsWith("memmap=", StringComparison.Ordinal)) continue;
                    foreach (string item in p.Substring(7).Split(','))
                    {
                        int at = item.IndexOf('$');
                        if (at <= 0) continue;
                        if (NumberParser.TryParseSize(item.Substring(0, at), out ulong size) &&
                            NumberParser.TryParseSize(item.Substring(at + 1), out ulong start) && size > 0)
                            carved.Add(start, start + size);
                    }
                }
            }
            if (carved.IsEmpty) return ranges;
            var result = new List<MemoryRange>();
            foreach (var r in ranges)
            {
                if (r.Type != MemoryType.Reserved)
                {
                    result.Add(r);
                    continue;
                }
                var ram = carved.Clone();
                ram.Clip(r.Start, r.End);
                var rest = new RangeSet(new[] { r.Range });
                foreach (PhysicalRange x in ram.Ranges)
                {
                    result.Add(new MemoryRange(x, MemoryType.Ram));
                    rest.Remove(x);
                }
                foreach (PhysicalRange x in rest.Ranges) result.Add(new MemoryRange(x, MemoryType.Reserved));
            }
            result.Sort((a, b) => a.Start.CompareTo(b.Start));
            return result;
        }

        /// <summary>Parses /proc/iomem lines "  start-end : name" (two spaces per nesting level).</summary>
        public static List<MemoryRange> ParseIomem(string text, bool topLevelOnly)
        {
            var list = new List<MemoryRange>();
            foreach (string raw in text.Split('\n'))
            {
                if (raw.Trim().Length == 0) continue;
                int indent = 0;
                while (indent < raw.Length && raw[indent] == ' ') indent++;
                string line = raw.Substring(indent);
                int colon = line.IndexOf(" : ", StringComparison.Ordinal);
                if (colon < 0) continue;
                string span = line.Substring(0, colon).Trim();
                string name = line.Substring(colon + 3).Trim();
                if (!PhysicalRange.TryParseInclusive(span, out PhysicalRange range)) continue;
                MemoryType? t = name == "Crash kernel" ? MemoryType.CrashKernel : TypeFromName(name);
                if (t == null) continue;
                if (t != MemoryType.CrashKernel && topLevelOnly && indent != 0) continue;
                list.Add(new MemoryRange(range, t.Value));
            }
            list.Sort((a, b) => a.Start.CompareTo(b.Start));
            return list;
        }

        /// <summary>Names used by drivers/firmware/memmap.c and arch/x86/kernel/e820.c (e820_type_to_string).</summary>
        private static MemoryType? TypeFromName(string name)
        {
            switch (name)
            {
                case "System RAM": return MemoryType.Ram;
                case "Reserved":
                case "reserved": return MemoryType.Reserved;
                case "ACPI Tables": return MemoryType.AcpiTables;
                case "ACPI Non-volatile Storage": return MemoryType.AcpiNvs;
                case "Unusable memory": return MemoryType.Unusable;
                case "Persistent Memory (legacy)":
                case "Persistent Memory": return MemoryType.Persistent;
                default: return null;
            }
        }
    }
}
