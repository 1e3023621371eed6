using System.Linq;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>Issue 3, scenario 1 and 4: kernel A loads kernel B with our kexec and executes it.</summary>
    public class PlainKexecTests
    {
        private const string BAppend = "console=ttyS0 panic=-1 loglevel=4 bench.role=B";

        private static ConsoleLog Run(string name, string loadOptions, string? kernelB = null)
        {
            var b = new SecondKernel
            {
                KernelImage = kernelB,
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
            // kexec(8) -S: 1 when the kernel of the type is loaded (issue 13; we used to return 0).
            Assert.Equal(1, log.GetStep("a-status").ExitCode);
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

        /// <summary>
        /// The other ways into B: its ELF vmlinux (loader elf-vmlinux, entered at the 64-bit
        /// entry with boot params from our purgatory) and the bzImage through the 32-bit boot
        /// protocol entry (--entry-32bit, as kexec-tools spells it).
        /// </summary>
        [Theory]
        [InlineData("vmlinux", "-c -t elf-vmlinux", true)]
        [InlineData("entry-32bit", "-c --entry-32bit", false)]
        public void KernelBBootsThroughOtherLoaders(string name, string loadOptions, bool vmlinux)
        {
            string? kernel = vmlinux ? Bench.Build.KernelBuild.Get("x86_64").Vmlinux : null;
            ConsoleLog log = Run("plain-" + name, loadOptions, kernel);
            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            Assert.Equal(2, log.Boots.Count);
            Assert.Contains("bench.role=B", log.GetStep("b-cmdline").Text);
            Assert.StartsWith("6.12.", log.GetStep("b-release").Text.Trim());
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
