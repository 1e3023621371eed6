using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bench.Build;
using TestSupport;

namespace Bench.I386
{
    /// <summary>
    /// Downloads Debian's i386 packages and unpacks them into a folder, without installing
    /// them on the host. apt runs with its own state under the cache (package lists, archive
    /// cache, an empty dpkg status) and i386 as its only architecture, so the host's apt
    /// configuration stays as it is: no `dpkg --add-architecture`, and a partial failure of
    /// the host's mirrors for i386 cannot break the host's own `apt-get update`.
    /// </summary>
    public static class DebianI386Packages
    {
        private static string StateDir => BenchPaths.CacheDir("i386-apt");

        private static string[] AptOptions()
        {
            string s = StateDir;
            foreach (string d in new[] { "lists/partial", "cache/archives/partial" })
                Directory.CreateDirectory(Path.Combine(s, d));
            string status = Path.Combine(s, "status");
            if (!File.Exists(status)) File.WriteAllText(status, "");
            return new[]
            {
                "-o", "Dir::State::Lists=" + Path.Combine(s, "lists"),
                "-o", "Dir::Cache=" + Path.Combine(s, "cache"),
                "-o", "Dir::State::status=" + status,
                "-o", "APT::Architecture=i386",
                "-o", "APT::Architectures::=i386",
                "-o", "APT::Sandbox::User=root",
            };
        }

        /// <summary>
        /// The .deb file names (which carry name, version and architecture) apt would download
        /// for <paramref name="packages"/> now: the identity of a userland built from them.
        /// Refreshes the private package lists when they are missing or do not know a package.
        /// </summary>
        public static IReadOnlyList<string> Resolve(IEnumerable<string> packages, Action<string>? log = null)
        {
            string[] names = packages.ToArray();
            if (!HasLists()) Update(log);
            ProcessRunner.Result r = PrintUris(names);
            if (r.ExitCode != 0)
            {
                Update(log);
                r = PrintUris(names);
                if (r.ExitCode != 0)
                    throw new BenchException($"apt cannot find the i386 packages {string.Join(" ", names)}:\n{ProcessRunner.Tail(r.StdErr, 2000)}");
            }
            // Lines look like: 'http://.../busybox-static_1%3a1.35.0-4+deb12u1+b1_i386.deb' busybox-static_1%3a1.35.0-4+deb12u1+b1_i386.deb 958344 SHA256:...
            var files = new List<string>();
            foreach (Match m in Regex.Matches(r.StdOut, @"^'[^']+' (\S+\.deb) \d+ ", RegexOptions.Multiline))
                files.Add(m.Groups[1].Value);
            if (files.Count != names.Length)
                throw new BenchException($"apt resolved {files.Count} files for {names.Length} i386 packages:\n{r.StdOut}");
            files.Sort(StringComparer.Ordinal);
            return files;
        }

        /// <summary>A short hash of the resolved file names, for cache folder names.</summary>
        public static string Key(IReadOnlyList<string> debFiles)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", debFiles)));
            return Convert.ToHexString(hash).Substring(0, 16).ToLowerInvariant();
        }

        /// <summary>Downloads <paramref name="packages"/> into <paramref name="folder"/> and checks they are the files resolved before.</summary>
        public static void Download(IEnumerable<string> packages, IReadOnlyList<string> expectedFiles, string folder, Action<string>? log = null)
        {
            Directory.CreateDirectory(folder);
            string[] names = packages.ToArray();
            log?.Invoke($"downloading {names.Length} Debian i386 packages");
            var args = new List<string>(AptOptions()) { "-q", "download" };
            args.AddRange(names);
            ProcessRunner.Result r = ProcessRunner.Run("apt-get", args, TimeSpan.FromMinutes(10), workDir: folder);
            if (r.ExitCode != 0)
                throw new BenchException($"apt-get download of i386 packages failed:\n{ProcessRunner.Tail(r.StdErr + r.StdOut, 2000)}");
            foreach (string f in expectedFiles)
                if (!File.Exists(Path.Combine(folder, f)))
                    throw new BenchException($"apt-get download did not write {f} (the package lists changed meanwhile?)");
        }

        /// <summary>Unpacks a .deb's files (dpkg-deb -x; no maintainer scripts run).</summary>
        public static void Extract(string deb, string root)
        {
            Directory.CreateDirectory(root);
            ProcessRunner.RunChecked("dpkg-deb", new[] { "-x", deb, root }, TimeSpan.FromMinutes(5));
        }

        private static bool HasLists()
        {
            string lists = Path.Combine(StateDir, "lists");
            return Directory.Exists(lists) && Directory.EnumerateFiles(lists, "*_Packages*").Any();
        }

        private static ProcessRunner.Result PrintUris(string[] names)
        {
            var args = new List<string>(AptOptions()) { "-q", "download", "--print-uris" };
            args.AddRange(names);
            return ProcessRunner.Run("apt-get", args, TimeSpan.FromMinutes(2));
        }

        /// <summary>
        /// Fetches the i386 package lists of the host's apt sources. apt exits 100 when any one
        /// index fails (a mirror mid-sync, a third-party source without i386); that is fine as
        /// long as the packages we need resolve afterwards, which <see cref="Resolve"/> checks.
        /// </summary>
        private static void Update(Action<string>? log)
        {
            log?.Invoke("fetching Debian's i386 package lists (private apt state)");
            var args = new List<string>(AptOptions()) { "-q", "update" };
            ProcessRunner.Result r = ProcessRunner.Run("apt-get", args, TimeSpan.FromMinutes(10));
            if (r.ExitCode != 0)
                log?.Invoke($"apt-get update (i386) exited {r.ExitCode}; going on with the lists it got: {LastLine(r.StdErr)}");
            if (!HasLists())
                throw new BenchException($"apt-get update fetched no i386 package list:\n{ProcessRunner.Tail(r.StdErr + r.StdOut, 2000)}");
        }

        private static string LastLine(string s) => s.TrimEnd().Split('\n').LastOrDefault() ?? "";
    }
}
