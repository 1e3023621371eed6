using System;
using System.IO;
using System.Linq;
using Bench.Build;

namespace Bench.Fixtures
{
    /// <summary>
    /// Debian's distribution kernel (the package linux-image-amd64 depends on, 6.1 on
    /// Debian 12), fetched with apt-get download and unpacked into the cache: a second,
    /// independently configured kernel whose vmcores our makedumpfile must read.
    /// </summary>
    public sealed record DebianKernel(string Folder, string Release)
    {
        public string BzImage => Path.Combine(Folder, "boot", "vmlinuz-" + Release);
        public string ModulesDir => Path.Combine(Folder, "lib", "modules", Release);
        public string Config => Path.Combine(Folder, "boot", "config-" + Release);

        public string Module(string relative) => Path.Combine(ModulesDir, "kernel", relative);

        public static DebianKernel Get()
        {
            var dep = ProcessRunner.RunChecked("apt-cache", new[] { "depends", "linux-image-amd64" }, TimeSpan.FromMinutes(1));
            string? package = dep.StdOut.Split('\n').Select(l => l.Trim())
                .Where(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal))
                .Select(l => l.Substring("Depends: ".Length)).FirstOrDefault();
            if (package == null)
                throw new BenchException("apt-cache knows no linux-image-amd64 dependency (run apt-get update)");
            string release = package.Substring("linux-image-".Length);
            string folder = Path.Combine(BenchPaths.CacheDir("debian-kernel"), release);
            var k = new DebianKernel(folder, release);
            if (File.Exists(k.BzImage)) return k;
            using var _ = CacheLock.Acquire("debian-kernel", TimeSpan.FromMinutes(20));
            if (File.Exists(k.BzImage)) return k;
            string tmp = folder + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Directory.CreateDirectory(tmp);
            ProcessRunner.RunChecked("apt-get", new[] { "download", package }, TimeSpan.FromMinutes(10), workDir: tmp);
            string deb = Directory.GetFiles(tmp, "*.deb").Single();
            ProcessRunner.RunChecked("dpkg-deb", new[] { "-x", deb, tmp }, TimeSpan.FromMinutes(5));
            File.Delete(deb);
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            Directory.Move(tmp, folder);
            return k;
        }
    }
}
