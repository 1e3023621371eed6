using System.Linq;
using Bench.Build;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.KernelRules
{
    /// <summary>
    /// Issue 12, "The kernel patch", items 1 and 2: who may open /proc/kimgcore (patch 7) and what
    /// an open file no longer blocks; and issue 15's "crash hp: kexec_trylock() failed" on the
    /// jump of a two-CPU guest with a crash kernel loaded. The rules are in native/README.md.
    /// </summary>
    public class KimgcoreRulesTests
    {
        private const string Kernel = SecondKernel.GuestKernelPath;
        private const string Initrd = SecondKernel.GuestInitrdPath;
        // The first data page of the file (the headers take one page for a few PT_LOADs).
        private const string WriteOneByte = "sh -c 'printf X | dd of=/proc/kimgcore bs=1 seek=4096 conv=notrunc'";
        private const string Program = "/boot/physmarker";
        // null: the bench's default kernel, 6.12 x86_64.
        private static string? KernelOf(string flavour) => BenchKernel.For(flavour).KernelImage;

        private const string ReadHeader = "sh -c 'dd if=/proc/kimgcore of=/tmp/h bs=64 count=1 && od -An -c /tmp/h | head -1'";

        /// <param name="flavour">6.12, or 7.3 with the same patch 7 (native/kexec_jump_kernel-7.3.patch).</param>
        [Theory]
        [InlineData("x86_64")]
        [InlineData(KernelBuild.X86_64_7_3)]
        public void UnderLockdownTheImageIsNeverWrittenAndInConfidentialityModeNotRead(string flavour)
        {
            string? kernel = KernelOf(flavour);
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "kimgcore-lockdown-" + flavour,
                KernelImage = kernel,
                ExtraAppend = "lockdown=integrity",
                Script = $@"
step a-load-syscall kexec -c -l {Kernel} --initrd={Initrd} --append=console=ttyS0
step a-load-file kexec -s -l {Kernel} --initrd={Initrd} --append=console=ttyS0
step a-read {ReadHeader}
step a-write {WriteOneByte}
mount -t securityfs securityfs /sys/kernel/security
step a-confidentiality sh -c 'echo confidentiality > /sys/kernel/security/lockdown && cat /sys/kernel/security/lockdown'
step a-read-confidential {ReadHeader}
",
                Customize = new SecondKernel { Script = "true", WithTools = false, KernelImage = kernel }.AddTo,
            });
            // lockdown= took effect: the kernel refuses kexec_load itself.
            Assert.NotEqual(0, log.GetStep("a-load-syscall").ExitCode);
            Assert.Equal(0, log.GetStep("a-load-file").ExitCode);
            Assert.Equal(0, log.GetStep("a-read").ExitCode);
            Assert.Contains("E   L   F", log.GetStep("a-read").Text);
            // Unsigned code into a kexec_file_load image under lockdown: refused.
            Assert.NotEqual(0, log.GetStep("a-write").ExitCode);
            Assert.Contains("Operation not permitted", log.GetStep("a-write").Text);
            Assert.Contains("[confidentiality]", log.GetStep("a-confidentiality").Text);
            // The other kernel's memory is not read in confidentiality mode (LOCKDOWN_KCORE).
            Assert.NotEqual(0, log.GetStep("a-read-confidential").ExitCode);
            Assert.Contains("Operation not permitted", log.GetStep("a-read-confidential").Text);
        }

        /// <param name="flavour">6.12, or 7.3 with the same patches 7 and (its 12) 11.</param>
        [Theory]
        [InlineData("x86_64")]
        [InlineData(KernelBuild.X86_64_7_3)]
        public void AnOpenFileBlocksNoKexecOperationNorAPanicAndSeesAReloadAsStale(string flavour)
        {
            string? kernel = KernelOf(flavour);
            var capture = new SecondKernel { Script = "step b-capture sh -c 'head -c 4 /proc/vmcore | od -An -c'", WithTools = false, KernelImage = kernel };
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "kimgcore-open-file-" + flavour,
                KernelImage = kernel,
                ExtraAppend = "crashkernel=128M",
                Cpus = 2,
                Timeout = System.TimeSpan.FromMinutes(5),
                Script = $@"
step a-load-file kexec -s -l {Kernel} --initrd={Initrd} --append=console=ttyS0
step a-write-file {WriteOneByte}
step a-read-file {ReadHeader}
exec 3</proc/kimgcore
step a-reload kexec -c -l {Kernel} --initrd={Initrd} --append=console=ttyS0
step a-read-replaced sh -c 'dd of=/tmp/h bs=64 count=1 <&3'
exec 3<&-
exec 4</proc/kimgcore
step a-read-open sh -c 'dd of=/tmp/h bs=64 count=1 <&4 && od -An -c /tmp/h | head -1'
step a-load-panic kexec -p {Kernel} --initrd={Initrd} --append=""console=ttyS0 panic=-1 loglevel=4 irqpoll nr_cpus=1 reset_devices bench.role=capture""
step a-unload kexec -u
step a-read-unloaded sh -c 'dd of=/tmp/h bs=64 count=1 <&4'
exec 4<&-
step a-load kexec -c -l {Kernel} --initrd={Initrd} --append=console=ttyS0
step a-write {WriteOneByte}
# A jump (to a physical-mode program that returns at once) takes CPU 1 down and up under kexec_lock.
step a-load-jump kexec --load-jump-back --args-none {Program}
step a-jump kexec -e
step a-cpus cat /sys/devices/system/cpu/online
step a-crash-hp sh -c 'dmesg | grep ""crash hp""; echo ""$(dmesg | grep -c ""kexec_trylock() failed"") failed trylocks""'
mount -t securityfs securityfs /sys/kernel/security
step a-integrity sh -c 'echo integrity > /sys/kernel/security/lockdown && cat /sys/kernel/security/lockdown'
step a-write-integrity {WriteOneByte}
step a-read-integrity {ReadHeader}
exec 5</proc/kimgcore
echo 1 > /proc/sys/kernel/kexec_load_disabled
step a-read-disabled {ReadHeader}
step a-crash-loaded cat /sys/kernel/kexec_crash_loaded
sleep 1
echo c > /proc/sysrq-trigger
",
                Customize = (initramfs, work) =>
                {
                    capture.AddTo(initramfs, work);
                    initramfs.AddHostFile(Program, GuestHelpers.PhysMarker());
                },
            });
            // kexec_file_load images are never written: the kernel may have checked their signature.
            Assert.NotEqual(0, log.GetStep("a-write-file").ExitCode);
            Assert.Contains("Operation not permitted", log.GetStep("a-write-file").Text);
            Assert.Equal(0, log.GetStep("a-read-file").ExitCode);
            // An open file no longer holds kexec_lock: load, crash load and unload work under it...
            Assert.Equal(0, log.GetStep("a-reload").ExitCode);
            Assert.Equal(0, log.GetStep("a-read-open").ExitCode);
            Assert.Contains("E   L   F", log.GetStep("a-read-open").Text);
            Assert.Equal(0, log.GetStep("a-load-panic").ExitCode);
            Assert.Equal(0, log.GetStep("a-unload").ExitCode);
            // ...and a file opened for an image that was replaced or unloaded says so.
            Assert.NotEqual(0, log.GetStep("a-read-replaced").ExitCode);
            Assert.Contains("Stale file handle", log.GetStep("a-read-replaced").Text);
            Assert.NotEqual(0, log.GetStep("a-read-unloaded").ExitCode);
            Assert.Contains("Stale file handle", log.GetStep("a-read-unloaded").Text);
            // A kexec_load image is writable until lockdown forbids kexec_load (LOCKDOWN_KEXEC).
            Assert.Equal(0, log.GetStep("a-write").ExitCode);
            // Issue 15: the jump's CPU hotplug events no longer try kexec_lock (held by the jump)
            // for the crash image, which stays loaded and boots on the panic below.
            Assert.Equal(0, log.GetStep("a-jump").ExitCode);
            Assert.Contains("physmarker: returning to the old kernel", log.GetStep("a-jump").Text);
            Assert.Equal("0-1", log.GetStep("a-cpus").Text.Trim());
            Assert.Contains("0 failed trylocks", log.GetStep("a-crash-hp").Text);
            Assert.Contains("[integrity]", log.GetStep("a-integrity").Text);
            Assert.NotEqual(0, log.GetStep("a-write-integrity").ExitCode);
            Assert.Contains("Operation not permitted", log.GetStep("a-write-integrity").Text);
            Assert.Equal(0, log.GetStep("a-read-integrity").ExitCode);
            // kexec_load_disabled closes the file as it closes kexec_load.
            Assert.NotEqual(0, log.GetStep("a-read-disabled").ExitCode);
            Assert.Contains("Operation not permitted", log.GetStep("a-read-disabled").Text);
            // The panic that follows writes to the console directly while cat's line may still be
            // in the tty's buffer (ci15 saw "sysrq: Trigger a crash" before it, under load), so
            // the guest waits a second first, and cat's line is looked for among the step's lines.
            string[] crashLoaded = log.GetStep("a-crash-loaded").Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            Assert.Contains("1", crashLoaded);
            Assert.DoesNotContain("0", crashLoaded);
            // The panic with /proc/kimgcore open still boots the capture kernel.
            Assert.Equal(2, log.Boots.Count);
            Assert.Contains("E   L   F", log.GetStep("b-capture").Text);
        }
    }
}
