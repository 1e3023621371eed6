using System;
using System.IO;
using TestSupport;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// The bench's real vmcores (TestSupport.PreparedFixtures) by the paths these tests read. A
    /// missing fixture fails the test with the way to make it: these tests are about real
    /// kernels and never pass on made-up data.
    /// </summary>
    internal static class Fixtures
    {
        public static string Folder(string name)
        {
            try { return PreparedFixtures.Get(name).Folder; }
            catch (InvalidOperationException e) { Assert.Fail(e.Message); throw; }
        }

        /// <summary>Debian 12's 6.1 kernel: the differential tests against makedumpfile 1.7.2 run on it.</summary>
        public static string Debian61Elf => Path.Combine(Folder("vmcore-6.1-debian"), "vmcore.elf");
        public static string Debian61KdumpFlat => Path.Combine(Folder("vmcore-6.1-debian"), "vmcore.kdump-zlib");
        public static string Debian61MemInfo => Path.Combine(Folder("vmcore-6.1-debian"), "meminfo.txt");

        /// <summary>The vmlinux with DWARF 5 of the kernel <see cref="Debian61Elf"/> was dumped from (linux-image-*-dbg).</summary>
        public static string Debian61Vmlinux
        {
            get
            {
                try { return DebianKernel.Get().PreparedDebugVmlinux(); }
                catch (InvalidOperationException e) { Assert.Fail(e.Message); throw; }
            }
        }

        /// <summary>Our patched 6.12 kernel.</summary>
        public static string Ours612Elf => Path.Combine(Folder("vmcore-6.12-x86_64"), "vmcore.elf");
        public static string Ours612KdumpFlat => Path.Combine(Folder("vmcore-6.12-x86_64"), "vmcore.kdump-zlib");
        public static string Ours612MemInfo => Path.Combine(Folder("vmcore-6.12-x86_64"), "meminfo.txt");

        /// <summary>Reads one "Key:  123 kB" line of a /proc/meminfo copy.</summary>
        public static long MemInfoKiB(string path, string key)
        {
            foreach (string line in File.ReadAllLines(path))
            {
                if (!line.StartsWith(key + ":", StringComparison.Ordinal)) continue;
                string[] parts = line.Substring(key.Length + 1).Trim().Split(' ');
                return long.Parse(parts[0]);
            }
            Assert.Fail($"{path} has no {key}");
            return 0;
        }
    }
}
