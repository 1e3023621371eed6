using System;
using Bench.Qemu;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>
    /// Issue 3, scenarios 2 and 4, and issue 6 on i386: a capture kernel loaded with -p (under
    /// Mono on i386) into the crashkernel= region boots on panic, and its /proc/vmcore is an ELF
    /// core of the class asked for carrying A's VMCOREINFO; /dev/oldmem reads the old memory
    /// but does not write it.
    /// </summary>
    public class KdumpTests
    {
        private readonly ITestOutputHelper _output;
        public KdumpTests(ITestOutputHelper output) { _output = output; }

        /// <param name="loadOptions">The syscall (-c kexec_load, -s kexec_file_load) and the core header class.</param>
        /// <param name="elfClass">EI_CLASS /proc/vmcore must have: 1 ELFCLASS32, 2 ELFCLASS64.</param>
        [Theory]
        [InlineData("x86_64", "kexec_load", "-c", 2)]
        [InlineData("x86_64", "kexec_file_load", "-s", 2)]
        // i386 has no kexec_file_load; ELF32 is its default header class.
        [InlineData("i386", "elf32", "-c --elf32-core-headers", 1)]
        [InlineData("i386", "elf64", "-c --elf64-core-headers", 2)]
        [InlineData("i386-pae", "elf64", "-c --elf64-core-headers", 2)]
        public void CaptureKernelBootsOnPanicAndItsVmcoreHasTheOldMemory(string flavour, string name, string loadOptions, int elfClass)
        {
            BenchKernel kernel = BenchKernel.For(flavour);
            string capture = @"
step b-cmdline cat /proc/cmdline
step b-vmcore-ident sh -c 'head -c 5 /proc/vmcore | od -An -tu1'
step b-vmcoreinfo sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""OSRELEASE=[0-9][^[:space:]]*"" | head -1'
step b-vmcore-pagesize sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""PAGESIZE=[0-9]*"" | head -1'
step b-oldmem-read dd if=/dev/oldmem of=/tmp/page bs=4096 count=1 skip=256
step b-oldmem-write dd if=/tmp/page of=/dev/oldmem bs=4096 count=1 seek=256 conv=notrunc
";
            var sw = System.Diagnostics.Stopwatch.StartNew();
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = kernel.GuestName("kdump-" + name),
                Arch = kernel.Arch,
                KernelImage = kernel.KernelImage,
                ExtraAppend = "crashkernel=" + kernel.CrashKernel,
                Timeout = kernel.Timeout(TimeSpan.FromMinutes(6)),
                Script = $@"
step a-load-panic kexec {loadOptions} -p {SecondKernel.GuestKernelPath} --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 irqpoll nr_cpus=1 reset_devices bench.role=capture""
step a-crash-loaded cat /sys/kernel/kexec_crash_loaded
step a-status kexec -S
echo c > /proc/sysrq-trigger
",
                // i386's capture kernel gets busybox only: Mono would not fit the 64 MiB region.
                Customize = kernel.PackB(capture, withTools: kernel.Arch != "i386"),
            });
            _output.WriteLine($"kdump ({flavour}, {loadOptions}) scenario: {sw.Elapsed.TotalSeconds:0} s");

            Assert.Equal(0, log.GetStep("a-load-panic").ExitCode);
            Assert.Equal("1", log.GetStep("a-crash-loaded").Text.Trim());
            // kexec-tools' -S asks about the crash kernel unless -l is given.
            // kexec(8) -S: 1 when the kernel of the type is loaded (issue 13; we used to return 0).
            Assert.Equal(1, log.GetStep("a-status").ExitCode);
            Assert.Equal(2, log.Boots.Count);
            Assert.Contains("elfcorehdr=", log.GetStep("b-cmdline").Text);
            // e_ident: 0x7f 'E' 'L' 'F', then EI_CLASS.
            Assert.Equal(new[] { "127", "69", "76", "70", elfClass.ToString() },
                log.GetStep("b-vmcore-ident").Text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("OSRELEASE=" + kernel.ReleasePrefix, log.GetStep("b-vmcoreinfo").Text.Trim());
            Assert.Equal("PAGESIZE=4096", log.GetStep("b-vmcore-pagesize").Text.Trim());
            // Issue 12: /dev/oldmem reads the crashed kernel (1 MiB is the start of its first
            // PT_LOAD) but a capture kernel, entered by no jump, may not write it (patch 6).
            Assert.Equal(0, log.GetStep("b-oldmem-read").ExitCode);
            Assert.NotEqual(0, log.GetStep("b-oldmem-write").ExitCode);
            Assert.Contains("Read-only file system", log.GetStep("b-oldmem-write").Text);
            // Scanning all of /proc/vmcore for A's marker takes over 6 minutes under TCG with
            // busybox tools; the header and A's VMCOREINFO show B reads A's memory.
        }
    }
}
