using System;
using Bench.I386;
using Bench.Qemu;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// Issue 6, kdump on i386: a capture kernel loaded with kexec -p (under Mono) into the
    /// crashkernel= region boots on sysrq-c, and its /proc/vmcore is an ELF core of the class
    /// asked for (ELF32 is the i386 default) carrying A's VMCOREINFO.
    /// </summary>
    public class I386KdumpTests
    {
        private readonly ITestOutputHelper _output;

        public I386KdumpTests(ITestOutputHelper output) { _output = output; }

        [Theory]
        [InlineData("i386", "--elf32-core-headers", 1)]
        [InlineData("i386", "--elf64-core-headers", 2)]
        [InlineData("i386-pae", "--elf64-core-headers", 2)]
        public void CaptureKernelBootsOnPanicAndItsVmcoreHasTheOldMemory(string flavour, string headerOption, int elfClass)
        {
            var capture = new I386SecondKernel
            {
                Flavour = flavour,
                Script = @"
step b-cmdline cat /proc/cmdline
step b-vmcore-ident sh -c 'head -c 5 /proc/vmcore | od -An -tu1'
step b-vmcoreinfo sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""OSRELEASE=[0-9][^[:space:]]*"" | head -1'
step b-vmcore-pagesize sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""PAGESIZE=[0-9]*"" | head -1'
",
            };
            var sw = System.Diagnostics.Stopwatch.StartNew();
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = $"i386-kdump-{flavour}-elf{(elfClass == 1 ? 32 : 64)}",
                Arch = "i386",
                KernelImage = Bench.Build.KernelBuild.Get(flavour).BzImage,
                ExtraAppend = "crashkernel=64M",
                Timeout = TimeSpan.FromMinutes(5),
                Script = $@"
step a-load-panic kexec -c -p {SecondKernel.GuestKernelPath} {headerOption} --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 irqpoll nr_cpus=1 reset_devices bench.role=capture""
step a-crash-loaded cat /sys/kernel/kexec_crash_loaded
echo c > /proc/sysrq-trigger
",
                Customize = capture.AddTo,
            });
            _output.WriteLine($"i386 kdump ({flavour}, {headerOption}) scenario: {sw.Elapsed.TotalSeconds:0} s");

            Assert.Equal(0, log.GetStep("a-load-panic").ExitCode);
            Assert.Equal("1", log.GetStep("a-crash-loaded").Text.Trim());
            Assert.Equal(2, log.Boots.Count);
            Assert.Contains("elfcorehdr=", log.GetStep("b-cmdline").Text);
            // e_ident: 0x7f 'E' 'L' 'F', then EI_CLASS (1 = ELFCLASS32, 2 = ELFCLASS64).
            Assert.Equal(new[] { "127", "69", "76", "70", elfClass.ToString() },
                log.GetStep("b-vmcore-ident").Text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("OSRELEASE=6.12.", log.GetStep("b-vmcoreinfo").Text.Trim());
            Assert.Equal("PAGESIZE=4096", log.GetStep("b-vmcore-pagesize").Text.Trim());
        }
    }
}
