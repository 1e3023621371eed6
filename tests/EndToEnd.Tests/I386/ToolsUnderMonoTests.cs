using System.IO;
using Bench.Qemu;
using Common;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// Issue 6: i386 guests, without and with PAE, boot our patched kernel from the bench and
    /// run kexec, makedumpfile and krestore (the net472 build) under Debian's i386 Mono.
    /// </summary>
    public class ToolsUnderMonoTests
    {
        private readonly ITestOutputHelper _output;

        public ToolsUnderMonoTests(ITestOutputHelper output) { _output = output; }

        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void EveryToolPrintsItsVersionUnderMono(string flavour)
        {
            MonoGuestRun run = MonoGuestRun.For(flavour);
            string pae = flavour == "i386-pae" ? "CONFIG_X86_PAE=y" : "# CONFIG_X86_PAE is not set";
            Assert.Contains(pae, File.ReadAllLines(run.Kernel.Config));
            Assert.Equal("i686", run.Log.GetStep("uname-m").Text.Trim());
            _output.WriteLine($"{flavour}: /init reached after {run.BootTime.TotalSeconds:0.0} s of QEMU (guest uptime {run.Log.Values["init.uptime"]} s)");
            foreach (string tool in new[] { "kexec", "makedumpfile", "krestore" })
            {
                ConsoleLog.Step step = run.Log.GetStep(tool + "-version");
                Assert.Equal(0, step.ExitCode);
                Assert.Equal(ToolHost.ToolVersion.Text(tool), step.Text.Trim());
                _output.WriteLine($"{flavour}: {tool} --version took {run.Seconds(tool + "-version"):0.00} s under Mono");
            }
        }

        /// <summary>kexec under Mono plans a load of the guest's own bzImage: the 32-bit loader, with its purgatory.</summary>
        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void KexecPlansALoadOfTheI386KernelUnderMono(string flavour)
        {
            MonoGuestRun run = MonoGuestRun.For(flavour);
            ConsoleLog.Step dryRun = run.Log.GetStep("kexec-dry-run");
            _output.WriteLine($"{flavour}: kexec --dry-run took {run.Seconds("kexec-dry-run"):0.00} s under Mono:\n{dryRun.Text}");
            Assert.Equal(0, dryRun.ExitCode);
            Assert.Contains("bzImage32", dryRun.Text);
            Assert.Contains("\"console=ttyS0 panic=-1\"", dryRun.Text);
            Assert.Matches(@"(?m)^\s+kernel\s+0x", dryRun.Text);
            Assert.Matches(@"(?m)^\s+purgatory\s+0x", dryRun.Text);
            Assert.Equal(0, run.Log.DoneExitCode);
        }
    }
}
