using System.Diagnostics;
using System.IO;
using System.Linq;
using Bench.Fixtures;
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
                string dir = Path.Combine(Fixtures.CacheRoot, "fixtures-makedumpfile");
                string elf = Path.Combine(dir, name + ".elf");
                lock (Gate)
                {
                    if (File.Exists(elf)) return elf;
                    DebianKernel k = DebianKernel.Get();
                    string fwcfg = k.ModulesWithDependencies("qemu_fw_cfg").Last();
                    string script = Path.Combine(RepoRoot(), "tests", "MakeDumpFile.Tests", "Fixtures", "make-own-fixtures.sh");
                    var psi = new ProcessStartInfo("bash", $"\"{script}\" {name} \"{k.BzImage}\" \"{fwcfg}\"")
                    {
                        UseShellExecute = false,
                        RedirectStandardError = true,
                        RedirectStandardOutput = true,
                    };
                    psi.Environment["CPU"] = cpu;
                    psi.Environment["APPEND"] = append;
                    psi.Environment["OUT"] = dir;
                    using Process p = Process.Start(psi)!;
                    string err = p.StandardError.ReadToEnd();
                    p.WaitForExit();
                    if (p.ExitCode != 0 || !File.Exists(elf)) Assert.Fail($"could not make the {name} fixture: {err}");
                    return elf;
                }
            }
        }

        private static string RepoRoot()
        {
            string? d = System.AppContext.BaseDirectory;
            while (d != null && !File.Exists(Path.Combine(d, "Tools.sln"))) d = Path.GetDirectoryName(d);
            if (d == null) Assert.Fail("cannot find the repository (Tools.sln) above " + System.AppContext.BaseDirectory);
            return d!;
        }
    }
}
