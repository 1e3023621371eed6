using System;
using System.IO;
using Bench.Build;
using TestSupport;

namespace Bench.Packaging
{
    /// <summary>
    /// Runs the repository's Makefile (man pages, completions, `make deb`, `make install`) on the
    /// bench's NativeAOT tools: they are put into the build folder first, newer than the sources,
    /// so make does not publish them again.
    /// </summary>
    public static class PackageBuilder
    {
        /// <summary>A fresh build folder holding bin/ (the bench's tools), for make's BUILD=.</summary>
        public static string NewBuildDir(string label, Action<string>? log = null)
        {
            string tools = ToolPublisher.Publish(log);
            string build = Path.Combine(BenchPaths.NewWorkDir(label), "build");
            string bin = Path.Combine(build, "bin");
            Directory.CreateDirectory(bin);
            DateTime now = DateTime.UtcNow;
            foreach (var (_, binary) in ToolPublisher.Tools)
            {
                string dest = Path.Combine(bin, binary);
                File.Copy(Path.Combine(tools, binary), dest);
                File.SetLastWriteTimeUtc(dest, now);
            }
            return build;
        }

        /// <summary>`make BUILD=build ARGS...` in the repository; throws with make's output when it fails.</summary>
        public static ProcessRunner.Result Make(string build, params string[] args)
        {
            var all = new System.Collections.Generic.List<string> { "--no-print-directory", "-C", BenchPaths.RepoRoot, "BUILD=" + build };
            all.AddRange(args);
            ProcessRunner.Result r = ProcessRunner.Run("make", all, TimeSpan.FromMinutes(20));
            if (r.ExitCode != 0)
                throw new BenchException($"make {string.Join(" ", args)} failed ({r.ExitCode}):\n{ProcessRunner.Tail(r.StdOut + r.StdErr, 3000)}");
            return r;
        }

        /// <summary>Builds the Debian package (make deb) and returns its path.</summary>
        public static string BuildDeb(string build)
        {
            string[] lines = Make(build, "deb").StdOut.Trim().Split('\n');
            string deb = lines[lines.Length - 1].Trim();
            if (!deb.EndsWith(".deb", StringComparison.Ordinal) || !File.Exists(deb))
                throw new BenchException($"make deb did not name a package it wrote (last line '{deb}')");
            return deb;
        }
    }
}
