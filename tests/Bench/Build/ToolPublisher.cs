using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using TestSupport;

namespace Bench.Build
{
    /// <summary>
    /// Publishes kexec, makedumpfile and krestore as NativeAOT linux-x64 binaries, cached by a
    /// hash of everything under src/ and the shared build props, so unchanged sources are not
    /// compiled again (an AOT publish takes about a minute per tool on two cores).
    /// </summary>
    public static class ToolPublisher
    {
        public static readonly (string Project, string Binary)[] Tools =
        {
            ("Kexec", "kexec"), ("MakeDumpFile", "makedumpfile"), ("KRestore", "krestore"),
        };

        private static string? _published;
        private static readonly object Gate = new();

        /// <summary>
        /// Returns the folder holding the three binaries, publishing them if needed. The result
        /// is kept for the life of the process, so every guest of one test run carries the same
        /// build even if sources are edited meanwhile.
        /// </summary>
        public static string Publish(Action<string>? log = null)
        {
            lock (Gate) return _published ??= PublishNow(log);
        }

        private static string PublishNow(Action<string>? log)
        {
            string key = SourceHash();
            string dir = Path.Combine(BenchPaths.CacheDir("tools"), key);
            if (IsComplete(dir)) return dir;
            using var _ = CacheLock.Acquire("tools", TimeSpan.FromMinutes(30));
            if (IsComplete(dir)) return dir;
            string tmp = dir + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Directory.CreateDirectory(tmp);
            foreach (var (project, binary) in Tools)
            {
                log?.Invoke($"publishing {binary} (NativeAOT)");
                string outDir = Path.Combine(tmp, "publish-" + binary);
                ProcessRunner.RunChecked("dotnet", new[]
                {
                    "publish", Path.Combine(BenchPaths.RepoRoot, "src", project, project + ".csproj"),
                    "-f", "net10.0", "-r", "linux-x64", "-c", "Release", "-o", outDir, "-nologo", "-v", "q",
                }, TimeSpan.FromMinutes(20));
                File.Copy(Path.Combine(outDir, binary), Path.Combine(tmp, binary));
                Directory.Delete(outDir, true);
            }
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.Move(tmp, dir);
            return dir;
        }

        private static bool IsComplete(string dir) => Tools.All(t => File.Exists(Path.Combine(dir, t.Binary)));

        /// <summary>SHA-256 over the paths and contents of the sources the tools are built from.</summary>
        public static string SourceHash()
        {
            string root = BenchPaths.RepoRoot;
            var files = new List<string> { Path.Combine(root, "Directory.Build.props") };
            files.AddRange(Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
                .Where(f => f.EndsWith(".cs") || f.EndsWith(".csproj") || f.EndsWith(".props") || f.EndsWith(".json")));
            files.Sort(StringComparer.Ordinal);
            using var sha = SHA256.Create();
            foreach (string f in files)
            {
                byte[] name = Encoding.UTF8.GetBytes(Path.GetRelativePath(root, f) + "\0");
                sha.TransformBlock(name, 0, name.Length, null, 0);
                byte[] content = File.ReadAllBytes(f);
                sha.TransformBlock(content, 0, content.Length, null, 0);
            }
            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return Convert.ToHexString(sha.Hash!).Substring(0, 16).ToLowerInvariant();
        }
    }
}
