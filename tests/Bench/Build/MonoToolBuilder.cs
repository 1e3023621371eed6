using System;
using System.IO;
using System.Linq;

namespace Bench.Build
{
    /// <summary>
    /// Builds kexec, makedumpfile and krestore for net472, the build that runs under Mono in
    /// i386 guests (.NET has no 32-bit x86 Linux runtime). The three outputs share one folder:
    /// the exes side by side with the assemblies they reference (System.CommandLine, Iced,
    /// System.Memory...). Cached under mono-tools/ by the same source hash as the NativeAOT
    /// tools, so unchanged sources are not built again.
    /// </summary>
    public static class MonoToolBuilder
    {
        /// <summary>Returns the folder holding kexec.exe, makedumpfile.exe, krestore.exe and their DLLs.</summary>
        public static string Build(Action<string>? log = null)
        {
            string key = ToolPublisher.SourceHash();
            string dir = Path.Combine(BenchPaths.CacheDir("mono-tools"), key);
            if (IsComplete(dir)) return dir;
            using var _ = CacheLock.Acquire("mono-tools", TimeSpan.FromMinutes(30));
            if (IsComplete(dir)) return dir;
            string tmp = dir + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Directory.CreateDirectory(tmp);
            foreach (var (project, binary) in ToolPublisher.Tools)
            {
                log?.Invoke($"building {binary}.exe (net472, for Mono)");
                string outDir = Path.Combine(tmp, "publish-" + binary);
                ProcessRunner.RunChecked("dotnet", new[]
                {
                    "publish", Path.Combine(BenchPaths.RepoRoot, "src", project, project + ".csproj"),
                    "-f", "net472", "-c", "Release", "-o", outDir, "-nologo", "-v", "q",
                }, TimeSpan.FromMinutes(20));
                MergeInto(outDir, tmp);
                Directory.Delete(outDir, true);
            }
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.Move(tmp, dir);
            return dir;
        }

        public static string Exe(string dir, string binary) => Path.Combine(dir, binary + ".exe");

        private static bool IsComplete(string dir) => ToolPublisher.Tools.All(t => File.Exists(Exe(dir, t.Binary)));

        /// <summary>
        /// Copies one tool's output into the shared folder. A shared assembly (Common.Elf,
        /// System.Memory...) must be the same file in every tool, or one tool would run with
        /// another's version.
        /// </summary>
        private static void MergeInto(string from, string into)
        {
            foreach (string file in Directory.EnumerateFiles(from))
            {
                string dest = Path.Combine(into, Path.GetFileName(file));
                if (File.Exists(dest))
                {
                    if (!File.ReadAllBytes(dest).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
                        throw new BenchException($"the net472 tools disagree on {Path.GetFileName(file)}: each tool references a different build of it");
                    continue;
                }
                File.Copy(file, dest);
            }
        }
    }
}
