using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace TestSupport
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

        /// <summary>
        /// The .ko files to insmod, in load order, for the named modules and everything they
        /// depend on. Debian's package ships no modules.dep (depmod makes it at install), so the
        /// "depends=" string of each module's .modinfo section is read instead.
        /// </summary>
        public IReadOnlyList<string> ModulesWithDependencies(params string[] names)
        {
            var byName = Directory.EnumerateFiles(Path.Combine(ModulesDir, "kernel"), "*.ko", SearchOption.AllDirectories)
                .GroupBy(p => Normalize(Path.GetFileNameWithoutExtension(p)))
                .ToDictionary(g => g.Key, g => g.First());
            var order = new List<string>();
            var seen = new HashSet<string>();
            void Visit(string name)
            {
                name = Normalize(name);
                if (!seen.Add(name)) return;
                if (!byName.TryGetValue(name, out string? path))
                    throw new InvalidOperationException($"Debian kernel {Release} has no module {name}");
                foreach (string dep in Depends(path)) Visit(dep);
                order.Add(path);
            }
            foreach (string n in names) Visit(n);
            return order;
        }

        private static string Normalize(string name) => name.Replace('-', '_');

        private static IEnumerable<string> Depends(string koPath)
        {
            byte[] bytes = File.ReadAllBytes(koPath);
            byte[] key = Encoding.ASCII.GetBytes("\0depends=");
            int at = bytes.AsSpan().IndexOf(key);
            if (at < 0) return Array.Empty<string>();
            int start = at + key.Length;
            int end = Array.IndexOf(bytes, (byte)0, start);
            string list = Encoding.ASCII.GetString(bytes, start, end - start);
            return list.Split(',', StringSplitOptions.RemoveEmptyEntries);
        }

        /// <summary>
        /// The unstripped vmlinux of this kernel, with its DWARF (makedumpfile's -x, -g), from
        /// Debian's linux-image-RELEASE-dbg. Only the vmlinux is kept from the package (860 MB,
        /// 5.6 GB unpacked: the rest is the modules' debug information).
        /// </summary>
        public string DebugVmlinux => Path.Combine(Folder + "-dbg", "vmlinux-" + Release);

        /// <summary>The debug vmlinux as `bench prepare` left it, or an error naming the command that fetches it.</summary>
        public string PreparedDebugVmlinux()
        {
            if (!File.Exists(DebugVmlinux))
                throw new InvalidOperationException(
                    $"Debian's debug vmlinux is missing at {DebugVmlinux}: run `dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare` (./test.sh does) first");
            return DebugVmlinux;
        }

        /// <summary>Fetches linux-image-RELEASE-dbg once and keeps its vmlinux (bench prepare).</summary>
        public string FetchDebugVmlinux(Action<string> log)
        {
            if (File.Exists(DebugVmlinux)) return DebugVmlinux;
            using var _ = CacheLock.Acquire("debian-kernel", TimeSpan.FromMinutes(20));
            if (File.Exists(DebugVmlinux)) return DebugVmlinux;
            string folder = Path.GetDirectoryName(DebugVmlinux)!;
            string tmp = folder + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Directory.CreateDirectory(tmp);
            string package = "linux-image-" + Release + "-dbg";
            log($"downloading {package} (about 860 MB) for its vmlinux with DWARF");
            ProcessRunner.Result r = ProcessRunner.Run("apt-get", new[] { "download", package }, TimeSpan.FromMinutes(20), workDir: tmp);
            if (r.ExitCode != 0)
                throw new InvalidOperationException($"could not fetch {package} from Debian's archive (apt-get download exit {r.ExitCode}): {FirstLine(r.StdErr)}");
            string deb = Directory.GetFiles(tmp, "*.deb").Single();
            log($"unpacking the vmlinux of {package}");
            string member = "./usr/lib/debug/boot/vmlinux-" + Release;
            ProcessRunner.RunChecked("sh", new[] { "-c", "dpkg-deb --fsys-tarfile \"$1\" | tar -x -C \"$2\" \"$3\"", "sh", deb, tmp, member }, TimeSpan.FromMinutes(10));
            File.Delete(deb);
            string unpacked = Path.Combine(tmp, member.Substring(2));
            Directory.CreateDirectory(folder);
            File.Move(unpacked, DebugVmlinux);
            Directory.Delete(tmp, true);
            return DebugVmlinux;
        }

        private static string FirstLine(string text)
        {
            foreach (string line in text.Split('\n'))
                if (line.Trim().Length > 0 && !line.StartsWith("W:", StringComparison.Ordinal)) return line.Trim();
            return "no message";
        }

        public static DebianKernel Get()
        {
            var dep = ProcessRunner.RunChecked("apt-cache", new[] { "depends", "linux-image-amd64" }, TimeSpan.FromMinutes(1));
            string? package = dep.StdOut.Split('\n').Select(l => l.Trim())
                .Where(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal))
                .Select(l => l.Substring("Depends: ".Length)).FirstOrDefault();
            if (package == null)
                throw new InvalidOperationException("apt-cache knows no linux-image-amd64 dependency (run apt-get update)");
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
