using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using TestSupport;

namespace Bench.Build
{
    /// <summary>
    /// The kexec selftests the patch series adds (tools/testing/selftests/kexec/*.c in
    /// native/kexec_jump_kernel.patch), built statically with the host's gcc for a guest
    /// architecture and cached by a hash of their source. The sources are taken from the patch
    /// itself (the files it creates), kselftest.h from the pristine kernel tree, so the shared,
    /// patched tree is not read while other builds may re-patch it.
    /// </summary>
    public static class KernelSelftests
    {
        private const string Folder = "tools/testing/selftests/kexec/";

        /// <summary>The static binary of selftest NAME (test_kexec_jump, test_dev_oldmem) for "x86_64" or "i386".</summary>
        public static string Get(string name, string arch = "x86_64")
        {
            string[] flags = arch switch
            {
                "x86_64" => new[] { "-static", "-O2", "-Wall", "-Werror" },
                // Debian has no i386 kernel headers on an amd64 host; x86's asm/ headers serve both.
                "i386" => new[] { "-m32", "-static", "-O2", "-Wall", "-Werror", "-idirafter", "/usr/include/x86_64-linux-gnu" },
                _ => throw new ArgumentException($"no selftest build for guest architecture '{arch}' (x86_64, i386)"),
            };
            string patch = File.ReadAllText(Path.Combine(BenchPaths.RepoRoot, "native", "kexec_jump_kernel.patch"));
            string source = NewFile(patch, Folder + name + ".c")
                ?? throw new BenchException($"native/kexec_jump_kernel.patch adds no {Folder}{name}.c");
            string header = PristineFile("tools/testing/selftests/kselftest.h");
            string key;
            using (var sha = SHA256.Create())
                key = BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join(" ", flags) + "\n" + source + "\n" + header)))
                    .Replace("-", "").Substring(0, 16).ToLowerInvariant();
            string dir = BenchPaths.CacheDir("guest-helpers");
            string binary = Path.Combine(dir, $"{name}-{arch}-{key}");
            if (File.Exists(binary)) return binary;

            string work = Path.Combine(dir, $"{name}-{arch}-{key}.src");
            Directory.CreateDirectory(Path.Combine(work, "kexec"));
            File.WriteAllText(Path.Combine(work, "kselftest.h"), header);
            string c = Path.Combine(work, "kexec", name + ".c");
            File.WriteAllText(c, source);
            string tmp = binary + ".tmp";
            var args = new List<string>(flags) { "-o", tmp, c };
            ProcessRunner.RunChecked("gcc", args, TimeSpan.FromMinutes(2), workDir: Path.Combine(work, "kexec"));
            File.Move(tmp, binary, true);
            Directory.Delete(work, true);
            return binary;
        }

        /// <summary>The content of a file the patch creates (a "new file mode" diff), or null.</summary>
        internal static string? NewFile(string patch, string path)
        {
            string marker = $"diff --git a/{path} b/{path}\n";
            int at = patch.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return null;
            int hunk = patch.IndexOf("\n@@ -0,0 +1", at, StringComparison.Ordinal);
            if (hunk < 0) return null;
            var text = new StringBuilder();
            int line = patch.IndexOf('\n', hunk + 1) + 1;
            while (line > 0 && line < patch.Length && patch[line] == '+')
            {
                int end = patch.IndexOf('\n', line);
                if (end < 0) end = patch.Length;
                text.Append(patch, line + 1, end - line - 1).Append('\n');
                line = end + 1;
            }
            return text.ToString();
        }

        private static string PristineFile(string path)
        {
            string version = ProcessRunner.RunChecked("dpkg-query", new[] { "-W", "-f=${Version}", "linux-source-6.12" }, TimeSpan.FromSeconds(30)).StdOut.Trim();
            string src = Path.Combine(BenchPaths.CacheRoot, "kernel", "src-" + version);
            return ProcessRunner.RunChecked("git", new[] { "-C", src, "show", "HEAD:" + path }, TimeSpan.FromSeconds(30)).StdOut;
        }
    }
}
