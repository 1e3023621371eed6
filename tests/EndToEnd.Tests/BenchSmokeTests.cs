using Bench.Qemu;
using Common;
using Xunit;

namespace EndToEnd.Tests
{
    /// <summary>The bench boots our patched kernel and the guest runs the three NativeAOT tools.</summary>
    public class BenchSmokeTests
    {
        [Fact]
        public void GuestRunsEveryToolFromTheInitramfs()
        {
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "smoke",
                Script = @"
step uname uname -r
step kexec-version kexec --version
step makedumpfile-version makedumpfile --version
step krestore-version krestore --version
step kexec-help kexec --help
",
            });
            Assert.StartsWith("6.12.", log.GetStep("uname").Text.Trim());
            foreach (string tool in new[] { "kexec", "makedumpfile", "krestore" })
            {
                ConsoleLog.Step step = log.GetStep(tool + "-version");
                Assert.Equal(0, step.ExitCode);
                Assert.Equal(ToolHost.ToolVersion.Text(tool), step.Text.Trim());
            }
            ConsoleLog.Step help = log.GetStep("kexec-help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("--load", help.Text);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
