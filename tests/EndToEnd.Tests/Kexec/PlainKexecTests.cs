using System.Linq;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>Issue 3, scenario 1 and 4: kernel A loads kernel B with our kexec and executes it.</summary>
    public class PlainKexecTests
    {
        private const string BAppend = "console=ttyS0 panic=-1 loglevel=4 bench.role=B";

        private static ConsoleLog Run(string name, string loadOptions)
        {
            var b = new SecondKernel
            {
                Script = @"
step b-cmdline cat /proc/cmdline
step b-release uname -r
",
            };
            return Guest.Run(new GuestSpec
            {
                Name = name,
                Script = $@"
step a-load kexec {loadOptions} -l {SecondKernel.GuestKernelPath} --initrd={SecondKernel.GuestInitrdPath} --append=""{BAppend}""
step a-status kexec -l -S
step a-exec kexec -e
",
                Customize = b.AddTo,
            });
        }

        [Theory]
        [InlineData("kexec_load", "-c")]
        [InlineData("kexec_file_load", "-s")]
        public void KernelBBootsWithTheGivenCommandLineAndInitrd(string name, string syscallOption)
        {
            ConsoleLog log = Run("plain-" + name, syscallOption);
            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            Assert.Equal(0, log.GetStep("a-status").ExitCode);
            // A booted, then B: two runs of the bench's /init, the second from B's initramfs.
            Assert.Equal(2, log.Boots.Count);
            string cmdline = log.GetStep("b-cmdline").Text;
            Assert.Contains("bench.role=B", cmdline);
            Assert.Contains("console=ttyS0", cmdline);
            Assert.StartsWith("6.12.", log.GetStep("b-release").Text.Trim());
            // kexec -e never returns when it works.
            Assert.Null(log.Steps.First(s => s.Name == "a-exec").ExitCode);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
