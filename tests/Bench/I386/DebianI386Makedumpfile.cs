using System;
using System.Collections.Generic;
using System.IO;
using Bench.Build;

namespace Bench.I386
{
    /// <summary>
    /// Debian 12's makedumpfile 1.7.2 built for i386, unpacked (not installed) into the cache
    /// with the libraries it links, and run on the x86_64 host through the unpacked i386
    /// dynamic loader: the reference for the kdump header layout an i386 makedumpfile writes
    /// and reads (the host's /usr/bin/makedumpfile is the x86_64 build). Cached under
    /// i386-makedumpfile/&lt;hash of the .deb file names&gt;/ with root/ and packages.txt.
    /// </summary>
    public sealed class DebianI386Makedumpfile
    {
        /// <summary>makedumpfile and its Depends (apt-cache depends makedumpfile, libdw1, libelf1 for i386).</summary>
        public static readonly string[] Packages =
        {
            "makedumpfile", "libc6", "libdw1", "libelf1", "liblzo2-2", "zlib1g", "libbz2-1.0", "liblzma5",
        };

        private DebianI386Makedumpfile(string folder) { Folder = folder; }

        public string Folder { get; }
        private string Root => Path.Combine(Folder, "root");
        private string Manifest => Path.Combine(Folder, "packages.txt");

        /// <summary>The program to start: the i386 dynamic loader.</summary>
        public string Executable => Path.Combine(Root, "lib", "ld-linux.so.2");

        /// <summary>The loader's arguments before makedumpfile's own: the unpacked library folders, then the binary.</summary>
        public string ArgumentsPrefix =>
            $"--library-path \"{Path.Combine(Root, "lib", "i386-linux-gnu")}:{Path.Combine(Root, "usr", "lib", "i386-linux-gnu")}\" \"{Path.Combine(Root, "usr", "bin", "makedumpfile")}\"";

        /// <summary>Finds the cached copy for the packages apt offers now, or downloads and unpacks it.</summary>
        public static DebianI386Makedumpfile Get(Action<string>? log = null)
        {
            IReadOnlyList<string> debs = DebianI386Packages.Resolve(Packages, log);
            var tool = new DebianI386Makedumpfile(Path.Combine(BenchPaths.CacheDir("i386-makedumpfile"), DebianI386Packages.Key(debs)));
            if (File.Exists(tool.Manifest)) return tool;
            using var _ = CacheLock.Acquire("i386-makedumpfile", TimeSpan.FromMinutes(30));
            if (File.Exists(tool.Manifest)) return tool;

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
            return tool;
        }
    }
}
