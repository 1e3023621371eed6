using System;
using System.Collections.Generic;
using System.IO;
using Bench.Build;
using TestSupport;

namespace Bench.I386
{
    /// <summary>
    /// Downloads and unpacks <see cref="DebianI386Makedumpfile"/> into the cache, under
    /// i386-makedumpfile/&lt;hash of the .deb file names&gt;/, and points
    /// <see cref="DebianI386Makedumpfile.PreparedLink"/> at it.
    /// </summary>
    public static class DebianI386MakedumpfileDownload
    {
        /// <summary>makedumpfile and its Depends (apt-cache depends makedumpfile, libdw1, libelf1 for i386).</summary>
        public static readonly string[] Packages =
        {
            "makedumpfile", "libc6", "libdw1", "libelf1", "liblzo2-2", "zlib1g", "libbz2-1.0", "liblzma5",
        };

        /// <summary>Finds the cached copy for the packages apt offers now, or downloads and unpacks it.</summary>
        public static DebianI386Makedumpfile Get(Action<string>? log = null)
        {
            IReadOnlyList<string> debs = DebianI386Packages.Resolve(Packages, log);
            var tool = new DebianI386Makedumpfile(Path.Combine(BenchPaths.CacheDir("i386-makedumpfile"), DebianI386Packages.Key(debs)));
            if (!File.Exists(tool.Manifest))
            {
                using var _ = CacheLock.Acquire("i386-makedumpfile", TimeSpan.FromMinutes(30));
                if (!File.Exists(tool.Manifest)) Unpack(tool, debs, log);
            }
            CacheLink.Point(DebianI386Makedumpfile.PreparedLink, tool.Folder);
            return tool;
        }

        private static void Unpack(DebianI386Makedumpfile tool, IReadOnlyList<string> debs, Action<string>? log)
        {
            string tmp = tool.Folder + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            string downloads = Path.Combine(tmp, "debs");
            DebianI386Packages.Download(Packages, debs, downloads, log);
            foreach (string deb in debs) DebianI386Packages.Extract(Path.Combine(downloads, deb), Path.Combine(tmp, "root"));
            Directory.Delete(downloads, true);
            if (!File.Exists(Path.Combine(tmp, "root", "usr", "bin", "makedumpfile")))
                throw new BenchException($"the i386 makedumpfile package unpacked no usr/bin/makedumpfile ({tmp})");
            File.WriteAllLines(Path.Combine(tmp, "packages.txt"), debs);
            if (Directory.Exists(tool.Folder)) Directory.Delete(tool.Folder, true);
            Directory.Move(tmp, tool.Folder);
            log?.Invoke("i386 makedumpfile: " + tool.Folder);
        }
    }
}
