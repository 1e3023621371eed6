using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>Issue 3, scenarios 2 and 4: a capture kernel loaded with -p boots on panic and sees the old memory.</summary>
    public class KdumpTests
    {
        [Theory]
        [InlineData("kexec_load", "-c")]
        [InlineData("kexec_file_load", "-s")]
        public void CaptureKernelBootsOnPanicAndItsVmcoreHasTheOldMemory(string name, string syscallOption)
        {
            var capture = new SecondKernel
            {
                Script = $@"
step b-cmdline cat /proc/cmdline
step b-vmcore-header sh -c 'head -c 4 /proc/vmcore | od -An -c'
step b-vmcoreinfo sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""OSRELEASE=[0-9][^[:space:]]*"" | head -1'
step b-oldmem-read dd if=/dev/oldmem of=/tmp/page bs=4096 count=1 skip=256
step b-oldmem-write dd if=/tmp/page of=/dev/oldmem bs=4096 count=1 seek=256 conv=notrunc
",
            };
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "kdump-" + name,
                ExtraAppend = "crashkernel=128M",
                Timeout = System.TimeSpan.FromMinutes(6),
                Script = $@"
step a-load-panic kexec {syscallOption} -p {SecondKernel.GuestKernelPath} --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 irqpoll nr_cpus=1 reset_devices bench.role=capture""
step a-crash-loaded cat /sys/kernel/kexec_crash_loaded
step a-status kexec -S
echo c > /proc/sysrq-trigger
",
                Customize = capture.AddTo,
            });
            Assert.Equal(0, log.GetStep("a-load-panic").ExitCode);
            Assert.Equal("1", log.GetStep("a-crash-loaded").Text.Trim());
            // kexec-tools' -S asks about the crash kernel unless -l is given.
            // kexec(8) -S: 1 when the kernel of the type is loaded (issue 13; we used to return 0).
            Assert.Equal(1, log.GetStep("a-status").ExitCode);
            Assert.Equal(2, log.Boots.Count);
            Assert.Contains("elfcorehdr=", log.GetStep("b-cmdline").Text);
            Assert.Contains("E   L   F", log.GetStep("b-vmcore-header").Text);
            Assert.StartsWith("OSRELEASE=6.12.", log.GetStep("b-vmcoreinfo").Text.Trim());
            // Issue 12: /dev/oldmem reads the crashed kernel (1 MiB is the start of its first
            // PT_LOAD) but a capture kernel, entered by no jump, may not write it (patch 5).
            Assert.Equal(0, log.GetStep("b-oldmem-read").ExitCode);
            Assert.NotEqual(0, log.GetStep("b-oldmem-write").ExitCode);
            Assert.Contains("Read-only file system", log.GetStep("b-oldmem-write").Text);
            // Scanning all of /proc/vmcore for A's marker takes over 6 minutes under TCG with
            // busybox tools; the header and A's VMCOREINFO show B reads A's memory.
        }
    }
}
