using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Bench.Build;
using Xunit;
using TestSupport;

namespace EndToEnd.Tests.Kernel
{
    /// <summary>
    /// Issue 10, "The series": native/check-series.sh on native/kexec_jump_kernel.patch (cover letter
    /// and numbering, checkpatch.pl --strict on every patch, MAINTAINERS coverage of added files,
    /// applying patch by patch to the pristine tree), and on damaged copies, which it must refuse.
    /// The per-patch build (--build) is not run here: it costs a full kernel build (native/README.md).
    /// </summary>
    public class PatchSeriesTests
    {
        private static readonly string Script = Path.Combine(BenchPaths.RepoRoot, "native", "check-series.sh");
        private static readonly string Series = Path.Combine(BenchPaths.RepoRoot, "native", "kexec_jump_kernel.patch");

        private static ProcessRunner.Result Check(string patchFile)
        {
            // The pristine tree the check reads is the one bench prepare's kernel build extracts;
            // the script says so when it is missing.
            return ProcessRunner.Run("bash", new[] { Script, patchFile }, TimeSpan.FromMinutes(10));
        }

        private static string Damaged(string name, Func<string, string> edit)
        {
            string dir = BenchPaths.NewWorkDir("series-" + name);
            string path = Path.Combine(dir, "series.patch");
            string text = File.ReadAllText(Series);
            string damaged = edit(text);
            Assert.NotEqual(text, damaged);
            File.WriteAllText(path, damaged);
            return path;
        }

        [Fact]
        public void TheSeriesIsNumberedCheckpatchCleanAndAppliesPatchByPatch()
        {
            int patches = Regex.Matches(File.ReadAllText(Series), @"^Subject: \[PATCH \d+/\d+\]", RegexOptions.Multiline).Count - 1;
            Assert.True(patches >= 9, $"{patches} patches");
            ProcessRunner.Result r = Check(Series);
            Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
            Assert.Contains($"numbering: cover letter and {patches} patches", r.StdOut);
            Assert.True(patches >= 13, $"{patches} patches: the VMCOREINFO interface, documentation or selftest patch is missing");
            Assert.Contains($"checkpatch: --strict clean on all {patches} patches", r.StdOut);
            Assert.Contains($"apply: all {patches} patches apply in order", r.StdOut);
            Assert.EndsWith("check-series: ok", r.StdOut.Trim());
        }

        [Fact]
        public void TheSeriesRebasedOnto73IsNumberedCheckpatchCleanAndAppliesPatchByPatch()
        {
            // The 7.3 tree's own checkpatch.pl (it knows 7.3's APIs, e.g. kzalloc_obj) and its pristine tree.
            string series73 = Path.Combine(BenchPaths.RepoRoot, "native", "kexec_jump_kernel-7.3.patch");
            int patches = Regex.Matches(File.ReadAllText(series73), @"^Subject: \[PATCH \d+/\d+\]", RegexOptions.Multiline).Count - 1;
            ProcessRunner.Result r = Check(series73);
            Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
            Assert.Contains($"checkpatch: --strict clean on all {patches} patches", r.StdOut);
            Assert.Contains($"apply: all {patches} patches apply in order to linux-source-7.3", r.StdOut);
            Assert.EndsWith("check-series: ok", r.StdOut.Trim());
        }

        [Fact]
        public void AMisnumberedSubjectIsRefused()
        {
            // Numbers are zero-padded to the width of N, as git format-patch writes them ([PATCH 02/10]).
            string path = Damaged("numbering", t => new Regex(@"^Subject: \[PATCH (0*)2/(\d+)\]", RegexOptions.Multiline).Replace(t, "Subject: [PATCH ${1}3/$2]", 1));
            ProcessRunner.Result r = Check(path);
            Assert.Equal(1, r.ExitCode);
            Assert.Matches(@"expected it to start with '\[PATCH 0*2/\d+\]'", r.StdErr);
        }

        [Fact]
        public void ACheckpatchViolationIsRefused()
        {
            // A C99 comment and a line over 100 columns in the first patch's added code.
            string path = Damaged("checkpatch", t =>
            {
                int at = t.IndexOf("\n+\t", t.IndexOf("diff --git", StringComparison.Ordinal), StringComparison.Ordinal);
                return t.Insert(at + 1, "+\t// " + new string('x', 120) + "\n").Replace(" 1 file changed, 11 insertions(+)", " 1 file changed, 12 insertions(+)");
            });
            ProcessRunner.Result r = Check(path);
            Assert.Equal(1, r.ExitCode);
            Assert.Matches(@"checkpatch --strict on '\[PATCH 0*1/\d+\]", r.StdErr);
        }

        [Fact]
        public void APatchThatNoLongerAppliesIsRefused()
        {
            // Change a context line of the first patch's first hunk, as a rebase that lost a line would.
            string path = Damaged("apply", t =>
            {
                int first = t.IndexOf("\ndiff --git ", StringComparison.Ordinal);
                int hunk = t.IndexOf("\n@@ ", first, StringComparison.Ordinal);
                int context = t.IndexOf("\n ", hunk + 1, StringComparison.Ordinal);
                Assert.True(first > 0 && hunk > first && context > hunk, "no context line to damage");
                return t.Insert(context + 2, "CHANGED ");
            });
            ProcessRunner.Result r = Check(path);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("does not apply after the patches before it", r.StdErr);
        }
    }
}
