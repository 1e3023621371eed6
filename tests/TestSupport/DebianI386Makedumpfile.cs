using System;
using System.IO;

namespace TestSupport
{
    /// <summary>
    /// Debian 12's makedumpfile 1.7.2 built for i386, unpacked (not installed) into the cache
    /// with the libraries it links by `bench prepare` (tests/Bench/I386/DebianI386MakedumpfileDownload),
    /// and run on the x86_64 host through the unpacked i386 dynamic loader: the reference for
    /// the kdump header layout an i386 makedumpfile writes and reads (the host's
    /// /usr/bin/makedumpfile is the x86_64 build). Its folder holds root/ and packages.txt.
    /// </summary>
    public sealed class DebianI386Makedumpfile
    {
        public DebianI386Makedumpfile(string folder) { Folder = folder; }

        public string Folder { get; }
        private string Root => Path.Combine(Folder, "root");
        /// <summary>The .deb files unpacked, one a line: written last, so its presence means the folder is complete.</summary>
        public string Manifest => Path.Combine(Folder, "packages.txt");

        /// <summary>The program to start: the i386 dynamic loader.</summary>
        public string Executable => Path.Combine(Root, "lib", "ld-linux.so.2");

        /// <summary>The loader's arguments before makedumpfile's own: the unpacked library folders, then the binary.</summary>
        public string ArgumentsPrefix =>
            $"--library-path \"{Path.Combine(Root, "lib", "i386-linux-gnu")}:{Path.Combine(Root, "usr", "lib", "i386-linux-gnu")}\" \"{Path.Combine(Root, "usr", "bin", "makedumpfile")}\"";

        /// <summary>The stable name the last prepare points at the current copy.</summary>
        public static string PreparedLink => Path.Combine(BenchPaths.CacheRoot, "i386-makedumpfile", "prepared");

        /// <summary>The copy the last `bench prepare` unpacked.</summary>
        public static DebianI386Makedumpfile Prepared()
        {
            var tool = new DebianI386Makedumpfile(PreparedLink);
            if (!File.Exists(tool.Manifest))
                throw new InvalidOperationException(
                    $"Debian's i386 makedumpfile is missing at {PreparedLink}: run `dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare` (./test.sh does) first");
            return tool;
        }
    }
}
