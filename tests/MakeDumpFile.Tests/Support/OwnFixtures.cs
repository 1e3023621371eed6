using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TestSupport;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// Vmcores of Debian's 6.1 kernel in special set-ups the bench's fixtures lack, made on first
    /// use with Fixtures/make-own-fixtures.sh (about a minute of TCG each) from the bench's Debian
    /// kernel, then kept in the cache: a CPU with LA57 (the kernel, built with CONFIG_X86_5LEVEL,
    /// runs with 5-level page tables), and a pool of hugetlb pages (hugepages=8).
    /// </summary>
    internal static class OwnFixtures
    {
        private static readonly object Gate = new object();

        public static string FiveLevelElf => Make("debian61-la57", "qemu64,+la57", "");

        public static string HugetlbElf => Make("debian61-hugetlb", "qemu64", "hugepages=8");

        private static string Make(string name, string cpu, string append)
        {
            {
                string dir = BenchPaths.CacheDir("fixtures-makedumpfile");
                string elf = Path.Combine(dir, name + ".elf");
                lock (Gate)
                {
                    if (File.Exists(elf)) return elf;
                    DebianKernel k = DebianKernel.Get();
                    string fwcfg = k.ModulesWithDependencies("qemu_fw_cfg").Last();
                    string script = Path.Combine(BenchPaths.RepoRoot, "tests", "MakeDumpFile.Tests", "Fixtures", "make-own-fixtures.sh");
                    var env = new Dictionary<string, string> { ["CPU"] = cpu, ["APPEND"] = append, ["OUT"] = dir };
                    ProcessRunner.Result r = ProcessRunner.Run("bash", new[] { script, name, k.BzImage, fwcfg }, TimeSpan.FromMinutes(10), env: env);
                    if (r.ExitCode != 0 || !File.Exists(elf)) Assert.Fail($"could not make the {name} fixture: {r.StdErr}");
                    return elf;
                }
            }
        }
    }
}
