using System;
using System.IO;
using System.Security.Cryptography;
using TestSupport;

namespace Bench.Build
{
    /// <summary>
    /// Small static programs the scenarios use inside guests (tests/Bench/Guest/*.c), built
    /// with the host's gcc and cached by a hash of their source. Bench tooling only.
    /// </summary>
    public static class GuestHelpers
    {
        /// <summary>findoff FILE STRING: offsets of STRING in FILE (see findoff.c).</summary>
        public static string FindOff() => Build("findoff", ".c", "-static", "-O2", "-Wall", "-Werror");

        /// <summary>findoff for a guest architecture: "x86_64", or "i386" (gcc -m32, needs libc6-dev-i386 and lib32gcc-12-dev).</summary>
        public static string FindOff(string arch) => arch switch
        {
            "x86_64" => FindOff(),
            "i386" => Build("findoff", ".c", "-m32", "-D_FILE_OFFSET_BITS=64", "-static", "-O2", "-Wall", "-Werror"),
            _ => throw new ArgumentException($"no findoff build for guest architecture '{arch}' (x86_64, i386)"),
        };

        /// <summary>Where physmarker is linked: a physical address in every bench guest's RAM.</summary>
        public const ulong PhysMarkerAddress = 0x2000000;

        /// <summary>physmarker: an ELF program for --args-none jump-back loads (see physmarker.S).</summary>
        public static string PhysMarker() => Build("physmarker", ".S", "-nostdlib", "-static", "-no-pie",
            "-Wl,--build-id=none", "-Wl,-z,noexecstack", "-Wl,-N", "-Wl,--no-warn-rwx-segments", "-Wl,-Ttext=0x" + PhysMarkerAddress.ToString("x"));

        private static string Build(string name, string extension, params string[] flags)
        {
            string source = Path.Combine(BenchPaths.RepoRoot, "tests", "Bench", "Guest", name + extension);
            string key;
            using (var sha = SHA256.Create())
                key = BitConverter.ToString(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(string.Join(" ", flags) + "\n" + File.ReadAllText(source)))).Replace("-", "").Substring(0, 16).ToLowerInvariant();
            string dir = BenchPaths.CacheDir("guest-helpers");
            string binary = Path.Combine(dir, $"{name}-{key}");
            if (File.Exists(binary)) return binary;
            string tmp = binary + ".tmp";
            var args = new System.Collections.Generic.List<string>(flags) { "-o", tmp, source };
            ProcessRunner.RunChecked("gcc", args, TimeSpan.FromMinutes(2));
            File.Move(tmp, binary, true);
            return binary;
        }
    }
}
