using System;
using System.Linq;
using Bench.I386;
using Bench.Qemu;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// Issue 6, plain kexec on i386: kernel A (qemu-system-i386) loads kernel B with our kexec
    /// under Mono through kexec_load (i386 has no kexec_file_load), B's bzImage entered at its
    /// 32-bit entry by our 32-bit purgatory, and executes it.
    /// </summary>
    public class I386PlainKexecTests
    {
        private readonly ITestOutputHelper _output;

        public I386PlainKexecTests(ITestOutputHelper output) { _output = output; }

        // The PAE flavour loads through the same code in I386KdumpTests and I386JumpRoundTripTests;
        // a plain load of it here too cost about 45 s of CI time and showed nothing new.
        [Theory]
        [InlineData("i386", "bzImage")]
        [InlineData("i386", "vmlinux")]
        public void KernelBBootsWithTheGivenCommandLineAndInitrd(string flavour, string kernelFile)
        {
            var b = new I386SecondKernel
            {
                Flavour = flavour,
                WithVmlinux = kernelFile == "vmlinux",
                Script = @"
step b-cmdline cat /proc/cmdline
step b-release uname -r
step b-machine uname -m
",
            };
            string kernelPath = kernelFile == "vmlinux" ? I386SecondKernel.GuestVmlinuxPath : SecondKernel.GuestKernelPath;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = $"i386-plain-kexec-{flavour}-{kernelFile}",
                Arch = "i386",
                KernelImage = Bench.Build.KernelBuild.Get(flavour).BzImage,
                Timeout = TimeSpan.FromMinutes(5),
                Script = $@"
step a-load kexec -d -l {kernelPath} --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 bench.role=B""
step a-status kexec -l -S
step a-exec kexec -e
",
                Customize = b.AddTo,
            });
            _output.WriteLine($"i386 plain kexec ({flavour}, {kernelFile}) scenario: {sw.Elapsed.TotalSeconds:0} s");

            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            // kexec(8) -S: 1 when the kernel of the type is loaded (issue 13; we used to return 0).
            Assert.Equal(1, log.GetStep("a-status").ExitCode);
            // The loader -d names: the 32-bit boot protocol, or the ELF kernel's PT_LOADs.
            Assert.Contains("loader " + (kernelFile == "vmlinux" ? "elf-vmlinux" : "bzImage32"), log.GetStep("a-load").Text);
            Assert.Equal(2, log.Boots.Count);
            string cmdline = log.GetStep("b-cmdline").Text;
            Assert.Contains("bench.role=B", cmdline);
            Assert.Contains("console=ttyS0", cmdline);
            Assert.StartsWith("6.12.", log.GetStep("b-release").Text.Trim());
            Assert.Equal("i686", log.GetStep("b-machine").Text.Trim());
            // kexec -e never returns when it works.
            Assert.Null(log.Steps.First(s => s.Name == "a-exec").ExitCode);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
