using System;
using System.Collections.Generic;
using System.IO;
using Common.Memory;

namespace KRestore.Target
{
    /// <summary>
    /// The running kernel's own RAM: the top-level "System RAM" lines of /proc/iomem
    /// (kernel/resource.c, r_show: "start-end : name", nested resources indented). Writing there
    /// would overwrite the kernel doing the restore; /dev/oldmem refuses it with EPERM anyway.
    /// </summary>
    internal static class SystemRam
    {
        public static RangeSet Read(string systemRoot)
        {
            string path = Path.Combine(systemRoot, "proc", "iomem");
            if (!File.Exists(path)) throw new IOException($"{path} does not exist: cannot tell which memory is the running kernel's own");
            string[] lines = File.ReadAllLines(path);
            return Parse(lines, path);
        }

        public static RangeSet Parse(IEnumerable<string> lines, string source)
        {
            var ram = new List<PhysicalRange>();
            bool sawNonZero = false;
            foreach (string line in lines)
            {
                if (line.Length == 0 || line[0] == ' ' || line[0] == '\t') continue;
                int colon = line.IndexOf(" : ", StringComparison.Ordinal);
                if (colon < 0) continue;
                if (!PhysicalRange.TryParseInclusive(line.Substring(0, colon), out PhysicalRange range))
                    throw new FormatException($"{source}: cannot read the line '{line}'");
                if (range.Last != 0) sawNonZero = true;
                if (line.Substring(colon + 3).Trim() == "System RAM") ram.Add(range);
            }
            // Without CAP_SYS_ADMIN the kernel prints every address as 0.
            if (!sawNonZero) throw new UnauthorizedAccessException($"{source} shows no addresses (they read as 0 unless root)");
            return new RangeSet(ram);
        }
    }
}
