using System.Linq;
using Bench.Build;
using Bench.Flows;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.Kernel
{
    /// <summary>
    /// Issue 10, "The interface" item 4: the selftests the series adds under
    /// tools/testing/selftests/kexec/ (built statically by the bench, KernelSelftests), run in a
    /// bench guest. In A, test_kexec_jump: VMCOREINFO's entry-list export, /proc/kimgcore, a jump
    /// round trip through a physical-mode program, the export leading to the real entry list, and
    /// an unload with /proc/kimgcore open (the file then gives ESTALE). Then A jumps to B with our
    /// kexec, where test_dev_oldmem checks /dev/oldmem (writable: B was entered by a jump), and B
    /// jumps back.
    /// </summary>
    public class KexecSelftestTests
    {
        private static string[] Oks(string tap) =>
            tap.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("ok ") || l.StartsWith("not ok ")).ToArray();

        [Fact]
        public void TheKexecSelftestsPassInTheJumpingKernelAndInTheJumpTarget()
        {
            var b = new SecondKernel
            {
                Script = @"
read_jump_back_entry
step b-selftest /usr/bin/test_dev_oldmem
step b-helper kexec --load-jump-back-helper=""$entry""
step b-jump-back kexec -e
",
                Customize = initramfs => initramfs.AddHostFile("/usr/bin/test_dev_oldmem", KernelSelftests.Get("test_dev_oldmem"), 0x1ED),
            };
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "kexec-selftests",
                ExtraAppend = JumpLayout.X86_64.ReserveInA,
                Timeout = System.TimeSpan.FromMinutes(6),
                Script = $@"
step a-selftest /usr/bin/test_kexec_jump
step a-oldmem-skips /usr/bin/test_dev_oldmem
step a-load kexec --load-jump-back {SecondKernel.GuestKernelPath} --mem-min={JumpLayout.X86_64.MemMin} --mem-max={JumpLayout.X86_64.MemMax} --elf64-core-headers --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 bench.role=B""
step a-jump kexec -e
",
                Customize = (initramfs, work) =>
                {
                    initramfs.AddHostFile("/usr/bin/test_kexec_jump", KernelSelftests.Get("test_kexec_jump"), 0x1ED);
                    initramfs.AddHostFile("/usr/bin/test_dev_oldmem", KernelSelftests.Get("test_dev_oldmem"), 0x1ED);
                    b.AddTo(initramfs, work);
                },
            });

            ConsoleLog.Step a = log.GetStep("a-selftest");
            Assert.True(a.ExitCode == 0, a.Text);
            string[] aResults = Oks(a.Text);
            Assert.Equal(5, aResults.Length);
            Assert.All(aResults, r => Assert.StartsWith("ok ", r));
            Assert.Contains("KEXEC_JUMP_ENTRY_LIST_OFFSET=2096, kimage_entry_t 8 bytes", a.Text);
            Assert.Contains("jump round trip: the program ran once", a.Text);
            Assert.Contains("unloading with /proc/kimgcore open works, the file then fails with ESTALE", a.Text);
            // Not a jump target: the /dev/oldmem test skips (kselftest's skip code 4).
            Assert.Equal(4, log.GetStep("a-oldmem-skips").ExitCode);

            ConsoleLog.Step bTest = log.GetStep("b-selftest");
            Assert.True(bTest.ExitCode == 0, bTest.Text);
            string[] bResults = Oks(bTest.Text);
            Assert.Equal(5, bResults.Length);
            Assert.All(bResults, r => Assert.StartsWith("ok ", r));
            Assert.Contains("jump target: writes its own bytes back", bTest.Text);
            Assert.Equal(0, log.GetStep("a-jump").ExitCode);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
