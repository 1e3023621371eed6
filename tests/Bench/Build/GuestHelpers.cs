using System;
using System.IO;
using System.Security.Cryptography;

namespace Bench.Build
{
    /// <summary>
    /// Small static programs the scenarios use inside guests (tests/Bench/Guest/*.c), built
    /// with the host's gcc and cached by a hash of their source. Bench tooling only.
    /// </summary>
    public static class GuestHelpers
    {
        /// <summary>findoff FILE STRING: offsets of STRING in FILE (see findoff.c).</summary>
        public static string FindOff() => Build("findoff");

        private static string Build(string name)
        {
            string source = Path.Combine(BenchPaths.RepoRoot, "tests", "Bench", "Guest", name + ".c");
            string key;
            using (var sha = SHA256.Create())
                key = BitConverter.ToString(sha.ComputeHash(File.ReadAllBytes(source))).Replace("-", "").Substring(0, 16).ToLowerInvariant();
            string dir = BenchPaths.CacheDir("guest-helpers");
            string binary = Path.Combine(dir, $"{name}-{key}");
            if (File.Exists(binary)) return binary;
            string tmp = binary + ".tmp";
            ProcessRunner.RunChecked("gcc", new[] { "-static", "-O2", "-Wall", "-Werror", "-o", tmp, source }, TimeSpan.FromMinutes(2));
            File.Move(tmp, binary, true);
            return binary;
        }
    }
}
