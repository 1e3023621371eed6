using System;
using System.IO;

namespace TestSupport
{
    /// <summary>Where the repository and the bench's cache are.</summary>
    public static class BenchPaths
    {
        /// <summary>The repository root: the folder holding Tools.sln above this assembly or the working directory.</summary>
        public static string RepoRoot { get; } = FindRepoRoot();

        /// <summary>
        /// The cache outside the repository (kernels, published tools, fixtures):
        /// $KEXEC_JUMP_CACHE, else ~/.cache/kexec-jump, as native/build-kernel.sh uses.
        /// </summary>
        public static string CacheRoot
        {
            get
            {
                string? env = Environment.GetEnvironmentVariable("KEXEC_JUMP_CACHE");
                if (!string.IsNullOrEmpty(env)) return env!;
                string home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
                return Path.Combine(home, ".cache", "kexec-jump");
            }
        }

        public static string CacheDir(string name)
        {
            string dir = Path.Combine(CacheRoot, name);
            Directory.CreateDirectory(dir);
            return dir;
        }

        /// <summary>A fresh scratch folder for one test or run, under the cache (not /tmp: images are large).</summary>
        public static string NewWorkDir(string label)
        {
            string dir = Path.Combine(CacheDir("work"), $"{label}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N").Substring(0, 6)}");
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static string FindRepoRoot()
        {
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                var dir = new DirectoryInfo(start);
                while (dir != null)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Tools.sln"))) return dir.FullName;
                    dir = dir.Parent;
                }
            }
            throw new InvalidOperationException("cannot find the repository (no Tools.sln above " + AppContext.BaseDirectory + ")");
        }
    }
}
