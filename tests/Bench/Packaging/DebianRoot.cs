using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Bench.Build;
using TestSupport;

namespace Bench.Packaging
{
    /// <summary>
    /// A Debian 12 system with kdump-tools, kexec-tools and makedumpfile, as an ext4 image a guest
    /// boots into (chroot from the bench initramfs), so our Debian package is installed, used by
    /// kdump-config and removed there and never on the host, whose /sbin/kexec and makedumpfile
    /// the differential tests compare against. Built once by mmdebstrap (minbase) from the host's
    /// apt sources and cached; guests open it with QEMU's snapshot=on, so it stays pristine.
    /// </summary>
    public static class DebianRoot
    {
        public const string Suite = "bookworm";

        /// <summary>What the package test needs besides minbase (file: kdump-config tells ELF kernels by it).</summary>
        public static readonly string[] Packages = { "kdump-tools", "kexec-tools", "makedumpfile", "file" };

        private const int ImageMiB = 640;

        /// <summary>The cached root image, building it if needed.</summary>
        public static string Image(Action<string>? log = null)
        {
            string dir = Path.Combine(BenchPaths.CacheDir("debian-root"), $"{Suite}-{Key()}");
            string image = Path.Combine(dir, "root.ext4");
            if (File.Exists(image)) return image;
            using var _ = CacheLock.Acquire("debian-root", TimeSpan.FromMinutes(30));
            if (File.Exists(image)) return image;
            Directory.CreateDirectory(dir);
            string tree = Path.Combine(dir, "tree.tmp");
            if (Directory.Exists(tree)) Directory.Delete(tree, true);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            log?.Invoke($"building the Debian {Suite} root for the package test ({string.Join(", ", Packages)}; mmdebstrap)");
            var args = new List<string>
            {
                "--mode=root", "--variant=minbase", "--include=" + string.Join(",", Packages),
                "--aptopt=Acquire::Retries \"2\"", Suite, tree, SourcesFile(),
            };
            ProcessRunner.Result r = ProcessRunner.Run("mmdebstrap", args, TimeSpan.FromMinutes(20));
            if (r.ExitCode != 0)
            {
                if (Directory.Exists(tree)) Directory.Delete(tree, true);
                throw new BenchException($"cannot build the Debian {Suite} root for the package test: {FetchFailure(r.StdErr + r.StdOut)}");
            }
            string tmpImage = image + ".tmp";
            ProcessRunner.RunChecked("mkfs.ext4", new[] { "-q", "-F", "-L", "debian-root", "-d", tree, tmpImage, ImageMiB + "M" }, TimeSpan.FromMinutes(10));
            Directory.Delete(tree, true);
            File.Move(tmpImage, image, overwrite: true);
            log?.Invoke($"Debian {Suite} root ready in {sw.Elapsed.TotalSeconds:0} s: {image}");
            return image;
        }

        /// <summary>The host's apt sources (deb822 or one-line), pasted into the root's sources by mmdebstrap.</summary>
        private static string SourcesFile()
        {
            foreach (string f in new[] { "/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list" })
                if (File.Exists(f) && File.ReadAllText(f).Contains(Suite)) return f;
            throw new BenchException($"no apt source for Debian {Suite} on this host (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list)");
        }

        /// <summary>
        /// One line saying what could not be fetched: apt's "Failed to fetch URL" or "Could not
        /// resolve HOST" when it says so, else mmdebstrap's last error.
        /// </summary>
        public static string FetchFailure(string output)
        {
            string[] lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            string? fetch = lines.FirstOrDefault(l => l.Contains("Failed to fetch"))
                ?? lines.FirstOrDefault(l => l.Contains("Could not resolve") || l.Contains("Temporary failure resolving"));
            if (fetch != null)
            {
                int at = fetch.IndexOf("Failed to fetch", StringComparison.Ordinal);
                return "could not fetch " + (at >= 0 ? fetch.Substring(at + "Failed to fetch".Length).Trim() : fetch.TrimStart('E', 'W', ':', ' '))
                    + $" (needed once, then cached: Debian {Suite} minbase with {string.Join(" ", Packages)})";
            }
            string? error = lines.LastOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal));
            return "mmdebstrap failed: " + (error ?? lines.LastOrDefault() ?? "no output");
        }

        /// <summary>Names the root by what it is made of: suite, packages, the image's size, this file's recipe version.</summary>
        private static string Key()
        {
            string recipe = $"v1|{Suite}|minbase|{string.Join(",", Packages)}|{ImageMiB}";
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(recipe))).Substring(0, 12).ToLowerInvariant();
        }
    }
}
