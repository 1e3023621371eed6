using System.Diagnostics;
using System.IO;
using System.Linq;
using Bench.Fixtures;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// A vmcore of Debian's 6.1 kernel (CONFIG_X86_5LEVEL) on a CPU with LA57, so the kernel runs
    /// with 5-level page tables. Made on first use with Fixtures/make-own-fixtures.sh (about a
    /// minute of TCG) from the bench's Debian kernel, then kept in the cache.
    /// </summary>
    internal static class FiveLevelFixture
    {
        private static readonly object Gate = new object();

        public static string Elf
        {
            get
            {
                string dir = Path.Combine(Fixtures.CacheRoot, "fixtures-makedumpfile");
                string elf = Path.Combine(dir, "debian61-la57.elf");
                lock (Gate)
                {
                    if (File.Exists(elf)) return elf;
                    DebianKernel k = DebianKernel.Get();
                    string fwcfg = k.ModulesWithDependencies("qemu_fw_cfg").Last();
                    string script = Path.Combine(RepoRoot(), "tests", "MakeDumpFile.Tests", "Fixtures", "make-own-fixtures.sh");
                    var psi = new ProcessStartInfo("bash", $"\"{script}\" debian61-la57 \"{k.BzImage}\" \"{fwcfg}\"")
                    {
                        UseShellExecute = false,
                        RedirectStandardError = true,
                        RedirectStandardOutput = true,
                    };
                    psi.Environment["CPU"] = "qemu64,+la57";
                    psi.Environment["OUT"] = dir;
                    using Process p = Process.Start(psi)!;
                    string err = p.StandardError.ReadToEnd();
                    p.WaitForExit();
                    if (p.ExitCode != 0 || !File.Exists(elf)) Assert.Fail($"could not make the 5-level fixture: {err}");
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
