using System;
using System.Linq;
using Bench.Qemu;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>
    /// Issue 3, scenarios 1 and 4, and issue 6 on i386 (kexec under Mono, through kexec_load:
    /// i386 has no kexec_file_load): kernel A loads kernel B with our kexec and executes it.
    /// </summary>
    public class PlainKexecTests
    {
        private readonly ITestOutputHelper _output;
        public PlainKexecTests(ITestOutputHelper output) { _output = output; }

        /// <param name="loadOptions">Options before -l: the syscall and the way into B.</param>
        /// <param name="vmlinux">B is given as its ELF vmlinux instead of its bzImage.</param>
        /// <param name="loader">The loader kexec -d names ("bzImage" for the flavour's own); null under kexec_file_load, where the kernel parses B.</param>
        [Theory]
        [InlineData("x86_64", "kexec_load", "-c", false, "bzImage")]
        [InlineData("x86_64", "kexec_file_load", "-s", false, null)]
        // B's ELF vmlinux, entered at the 64-bit entry with boot params from our purgatory.
        [InlineData("x86_64", "vmlinux", "-c -t elf-vmlinux", true, "elf-vmlinux")]
        // The bzImage through the 32-bit boot protocol entry (--entry-32bit, as kexec-tools spells it).
        [InlineData("x86_64", "entry-32bit", "-c --entry-32bit", false, "bzImage32")]
        // B's bzImage entered at its 32-bit entry by our 32-bit purgatory, or its vmlinux. The PAE
        // flavour loads through the same code in KdumpTests and JumpRoundTripTests; a plain load of
        // it here too cost about 45 s of CI time and showed nothing new.
        [InlineData("i386", "bzImage", "", false, "bzImage")]
        [InlineData("i386", "vmlinux", "", true, "elf-vmlinux")]
        public void KernelBBootsWithTheGivenCommandLineAndInitrd(string flavour, string name, string loadOptions, bool vmlinux, string? loader)
        {
            BenchKernel kernel = BenchKernel.For(flavour);
            string b = @"
step b-cmdline cat /proc/cmdline
step b-release uname -r
step b-machine uname -m
";
            string kernelPath = vmlinux ? BenchKernel.GuestVmlinuxPath : SecondKernel.GuestKernelPath;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = kernel.GuestName("plain-" + name),
                Arch = kernel.Arch,
                KernelImage = kernel.KernelImage,
                Timeout = kernel.Timeout(TimeSpan.FromMinutes(3)),
                Script = $@"
step a-load kexec -d {loadOptions} -l {kernelPath} --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 bench.role=B""
step a-status kexec -l -S
step a-exec kexec -e
",
                Customize = kernel.PackB(b, withTools: false, withVmlinux: vmlinux),
            });
            _output.WriteLine($"plain kexec ({flavour}, {name}) scenario: {sw.Elapsed.TotalSeconds:0} s");

            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            // kexec(8) -S: 1 when the kernel of the type is loaded (issue 13; we used to return 0).
            Assert.Equal(1, log.GetStep("a-status").ExitCode);
            if (loader != null)
                Assert.Contains("loader " + (loader == "bzImage" ? kernel.BzImageLoader : loader), log.GetStep("a-load").Text);
            // A booted, then B: two runs of the bench's /init, the second from B's initramfs.
            Assert.Equal(2, log.Boots.Count);
            string cmdline = log.GetStep("b-cmdline").Text;
            Assert.Contains("bench.role=B", cmdline);
            Assert.Contains("console=ttyS0", cmdline);
            Assert.StartsWith(kernel.ReleasePrefix, log.GetStep("b-release").Text.Trim());
            Assert.Equal(kernel.UnameMachine, log.GetStep("b-machine").Text.Trim());
            // kexec -e never returns when it works.
            Assert.Null(log.Steps.First(s => s.Name == "a-exec").ExitCode);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
