using System;
using System.IO;
using System.Linq;
using TestSupport;

namespace Bench.Build
{
    /// <summary>
    /// Builds kexec, makedumpfile and krestore for net472, the build that runs under Mono in
    /// i386 guests (.NET has no 32-bit x86 Linux runtime). Each tool gets its own folder, the
    /// exe beside the assemblies it was built with (System.CommandLine, Iced, System.Memory,
    /// Common.Elf...), so no tool runs with another build's copy of a shared assembly.
    /// Cached under mono-tools/ by the same source hash as the NativeAOT tools, so unchanged
    /// sources are not built again.
    /// </summary>
    public static class MonoToolBuilder
    {
        /// <summary>Returns the folder holding kexec/, makedumpfile/ and krestore/, each with its exe and DLLs.</summary>
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
                ProcessRunner.RunChecked("dotnet", new[]
                {
                    "publish", Path.Combine(BenchPaths.RepoRoot, "src", project, project + ".csproj"),
                    "-f", "net472", "-c", "Release", "-o", Path.Combine(tmp, binary), "-nologo", "-v", "q",
                }, TimeSpan.FromMinutes(20));
            }
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.Move(tmp, dir);
            return dir;
        }

        /// <summary>The folder of one tool inside a <see cref="Build"/> folder.</summary>
        public static string ToolDir(string dir, string binary) => Path.Combine(dir, binary);

        public static string Exe(string dir, string binary) => Path.Combine(dir, binary, binary + ".exe");

        private static bool IsComplete(string dir) => ToolPublisher.Tools.All(t => File.Exists(Exe(dir, t.Binary)));
    }
}
