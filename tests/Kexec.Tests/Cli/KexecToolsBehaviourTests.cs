using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Cli
{
    /// <summary>
    /// kexec-tools 2.0.25's main() as a drop-in must behave (kexec/kexec.c, kexec(8)): the order
    /// of actions, the shutdown of a plain "kexec KERNEL", -S's status, exit statuses, getopt_long.
    /// </summary>
    public class KexecToolsBehaviourTests
    {
        private const string Guest = "qemu-512M-crashkernel";
        private const string Loaded = "qemu-512M-loaded";

        [Fact]
        public void AKernelWithoutActionIsLoadedThenShutdownRuns()
        {
            var kx = Kx.Run(Guest, BenchKernel.BzImage, "--append=console=ttyS0");
            Assert.Equal(0, kx.Exit);
            Assert.Equal(new[] { "kexec_load" }, kx.Kernel.Calls);
            Assert.Equal(new[] { "shutdown -r now" }, kx.Kernel.Steps);
        }

        [Fact]
        public void ShutdownFailingIsARuntimeFailure()
        {
            var kx = new Kx();
            kx.Kernel.ShutdownStatus = 1;
            kx.Again(Guest, Common.Platform.CpuArchitecture.X86_64, BenchKernel.BzImage);
            Assert.Equal(255, kx.Exit);
            Assert.Contains("shutdown -r now failed", kx.Err);
        }

        [Fact]
        public void ForceLoadsSyncsTakesTheNetworkDownAndExecutesWithoutShutdown()
        {
            var kx = Kx.Run(Guest, "-f", BenchKernel.BzImage);
            Assert.Equal(0, kx.Exit);
            Assert.Equal(new[] { "kexec_load", "reboot" }, kx.Kernel.Calls);
            Assert.Equal(new[] { "sync", "ifdown" }, kx.Kernel.Steps);
        }

        [Fact]
        public void NoIfdownAndNoSyncAreHonouredNotDropped()
        {
            var kx = Kx.Run(Loaded, "-e", "-x");
            Assert.Equal(0, kx.Exit);
            Assert.Equal(new[] { "sync" }, kx.Kernel.Steps);
            kx = Kx.Run(Loaded, "-y", "-e", "-x");
            Assert.Empty(kx.Kernel.Steps);
            Assert.Equal(new[] { "reboot" }, kx.Kernel.Calls);
            kx = Kx.Run(Loaded, "-e");
            Assert.Equal(new[] { "sync", "ifdown" }, kx.Kernel.Steps);
        }

        [Fact]
        public void ALaterActionOverridesAnEarlierOne()
        {
            // kexec-tools: -e after -l executes only (do_load = 0); -l after -e loads only.
            var execOnly = Kx.Run(Loaded, "-l", BenchKernel.BzImage, "-e");
            Assert.Equal(new[] { "reboot" }, execOnly.Kernel.Calls);
            var loadOnly = Kx.Run(Guest, "-e", "-l", BenchKernel.BzImage);
            Assert.Equal(new[] { "kexec_load" }, loadOnly.Kernel.Calls);
            // -l does not undo the do_sync and do_ifdown that -e set: kexec-tools syncs and takes the network down too.
            Assert.Equal(new[] { "sync", "ifdown" }, loadOnly.Kernel.Steps);
        }

        [Fact]
        public void StatusIsOneWhenLoadedAndCancelsEveryAction()
        {
            Assert.Equal(1, Kx.Run(Loaded, "-S", "-l").Exit);
            var s = Kx.Run(Guest, "-l", BenchKernel.BzImage, "-S");
            Assert.Equal(0, s.Exit);
            Assert.Empty(s.Kernel.Calls);
        }

        [Fact]
        public void TheLastAppendWinsAndAbbreviationsWork()
        {
            var kx = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--append=first", "--comm=second", "--dry-run", "--json");
            string cmdline = kx.Json().GetProperty("commandLine").GetString()!;
            Assert.Equal("second", cmdline);
            var a = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--init=" + Repo.Data("capture-init.sh"), "--dry", "--js");
            Assert.Equal(0, a.Exit);
            Assert.Contains("initrd", a.Out);
        }

        [Fact]
        public void UnknownOptionsAreUsageErrorsNeverFileNames()
        {
            var kx = Kx.Run(Guest, "--bogus");
            kx.AssertRefused("unrecognized option '--bogus'");
            Assert.Equal(1, kx.Exit);
            var x = Kx.Run(Loaded, "-e", "-Q");
            x.AssertRefused("invalid option -- 'Q'");
            Assert.Equal(1, x.Exit);
        }

        [Fact]
        public void RuntimeFailuresExit255()
        {
            var kx = Kx.Run(Guest, "-l", "/nonexistent/kernel");
            kx.AssertRefused("not found");
            Assert.Equal(255, kx.Exit);
            Assert.Equal(255, Kx.Run(Guest, "-e").Exit);
        }

        [Fact]
        public void OptionsThatDoNotApplyGetOneLine()
        {
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--real-mode").AssertRefused("--real-mode: the real mode entry is not supported");
            Kx.Run(Guest, "--load-live-update", BenchKernel.BzImage).AssertRefused("Xen");
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--args-elf").AssertRefused("--args-elf");
            // Purgatory console options go on, with a notice.
            var v = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--console-serial", "--serial-baud=115200", "--dry-run");
            Assert.Equal(0, v.Exit);
            Assert.Contains("kexec: --console-serial has no effect", v.Err);
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--serial-baud=1234").AssertRefused("--serial-baud");
        }

        [Fact]
        public void NoChecksLeavesEverySegmentUnverified()
        {
            var plan = Kx.Run(Guest, "-l", "-i", BenchKernel.BzImage, "--dry-run", "--json").Json();
            foreach (var s in plan.GetProperty("segments").EnumerateArray())
                Assert.False(s.GetProperty("verified").GetBoolean());
            var normal = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--dry-run", "--json").Json();
            Assert.True(Kx.Segment(normal, "kernel").GetProperty("verified").GetBoolean());
        }

        [Fact]
        public void PrintCrashKernelSizeSumsTheCrashKernelRanges()
        {
            var kx = Kx.Run(Guest, "--print-ckr-size");
            Assert.Equal(0, kx.Exit);
            // The captured guest reserves crashkernel=64M (0x1b000000-0x1effffff).
            Assert.Equal((64UL << 20).ToString(), kx.Out.Trim());
        }

        [Fact]
        public void PassMemmapCmdlineGivesTheCrashKernelItsMapOnTheCommandLine()
        {
            var plan = Kx.Run(Guest, "-p", BenchKernel.BzImage, "--append=console=ttyS0", "--pass-memmap-cmdline", "--dry-run", "--json").Json();
            string cmdline = plan.GetProperty("commandLine").GetString()!;
            Assert.Contains(" memmap=exactmap ", cmdline);
            Assert.Matches(@"memmap=\d+K@\d+K", cmdline);
        }

        [Fact]
        public void AutoSyscallFallsBackToKexecLoadWhenTheKernelCannot()
        {
            var kx = new Kx();
            kx.Kernel.FileLoadErrno = Common.Platform.LinuxSystem.ENOSYS;
            kx.Again(Guest, Common.Platform.CpuArchitecture.X86_64, "-a", "-l", BenchKernel.BzImage);
            Assert.Equal(0, kx.Exit);
            Assert.Equal(new[] { "kexec_file_load", "kexec_load" }, kx.Kernel.Calls);
            var s = new Kx();
            s.Kernel.FileLoadErrno = Common.Platform.LinuxSystem.ENOSYS;
            s.Again(Guest, Common.Platform.CpuArchitecture.X86_64, "-s", "-l", BenchKernel.BzImage);
            Assert.Equal(255, s.Exit);
        }

        [Fact]
        public void HelpIsAsCompleteAsKexecToolsUsage()
        {
            var h = Kx.Run(Guest, "--help");
            foreach (string opt in new[] { "--no-ifdown", "--no-sync", "--no-checks", "--kexec-syscall-auto", "--reuseinitrd", "--print-ckr-size",
                         "--args-linux", "--args-elf", "--real-mode", "--module", "--reset-vga", "--serial-baud", "--console-vga", "--console-serial",
                         "--pass-memmap-cmdline", "--noefi", "--reuse-video-type", "--load-live-update", "--exec-live-update", "Return 1 if" })
                Assert.Contains(opt, h.Out);
        }
    }
}
