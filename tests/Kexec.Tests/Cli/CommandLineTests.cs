using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Cli
{
    public class CommandLineTests
    {
        private const string Guest = "qemu-512M-crashkernel";

        [Fact]
        public void VersionAndHelp()
        {
            var v = Kx.Run(Guest, "-v");
            Assert.Equal(0, v.Exit);
            // kexec-tools' form, which scripts parse (issue 13): "kexec-tools 2.0.25", then ours.
            Assert.StartsWith("kexec-tools 2.0.25 (kexec-jump-tools ", v.Out);
            var h = Kx.Run(Guest, "--help");
            Assert.Equal(0, h.Exit);
            foreach (string opt in new[] { "--load-panic", "--kexec-file-syscall", "--load-preserve-context", "--load-jump-back", "--load-jump-back-helper",
                         "--elf32-core-headers", "--reuse-cmdline", "--entry-32bit", "--args-none", "--dry-run", "--command-line", "--ramdisk" })
                Assert.Contains(opt, h.Out);
        }

        [Fact]
        public void EqualsAndSpaceFormsGiveTheSamePlan()
        {
            var a = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--append=console=ttyS0 root=/dev/ram0", "--mem-min=0x2000000", "--initrd=" + Repo.Data("capture-init.sh"), "--dry-run", "--json");
            var b = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--append", "console=ttyS0 root=/dev/ram0", "--mem-min", "0x2000000", "--initrd", Repo.Data("capture-init.sh"), "--dry-run", "--json");
            var c = Kx.Run(Guest, "--load", BenchKernel.BzImage, "--command-line=console=ttyS0 root=/dev/ram0", "--mem-min=33554432", "--ramdisk", Repo.Data("capture-init.sh"), "--dry-run", "--json");
            Assert.Equal(0, a.Exit);
            Assert.Equal(a.Out, b.Out);
            Assert.Equal(a.Out, c.Out);
        }

        [Fact]
        public void StatusReadsKexecLoadedFiles()
        {
            // Captured guest: nothing loaded, no crash kernel loaded. kexec(8): "-S Return 1 if the
            // type (by default crash) is loaded, 0 if not" (issue 13: we had it the other way round).
            Assert.Equal(0, Kx.Run(Guest, "-S").Exit);
            Assert.Equal(0, Kx.Run(Guest, "-S", "-l").Exit);
            Assert.Equal(1, Kx.Run("qemu-512M-loaded", "-S", "-l").Exit);
        }

        [Fact]
        public void ExplicitTypeAndUnknownType()
        {
            var kx = Kx.Run(Guest, "-l", "-t", "bzImage32", BenchKernel.BzImage, "--dry-run", "--json");
            Assert.Equal("bzImage32", kx.Json().GetProperty("loader").GetString());
            Kx.Run(Guest, "-l", "--type=zImage", BenchKernel.BzImage).AssertRefused("unknown type 'zImage'");
        }

        [Fact]
        public void FileSyscallDryRunAndItsLimits()
        {
            var kx = Kx.Run(Guest, "-s", "-p", BenchKernel.BzImage, "--append=console=ttyS0", "--dry-run", "--json");
            var plan = kx.Json();
            Assert.Equal("kexec_file_load", plan.GetProperty("syscall").GetString());
            Assert.Equal(2u | 4u, plan.GetProperty("flags").GetUInt32()); // ON_CRASH | NO_INITRAMFS
            var real = Kx.Run(Guest, "-s", "-l", BenchKernel.BzImage, "--initrd", Repo.Data("capture-init.sh"));
            Assert.Equal(new[] { "kexec_file_load" }, real.Kernel.Calls);
            Kx.Run(Guest, "-s", "--load-preserve-context", BenchKernel.BzImage).AssertRefused("kexec_load (-c)");
        }

        [Fact]
        public void UnloadAndExec()
        {
            var u = Kx.Run(Guest, "-u");
            Assert.Equal(0, u.Exit);
            Assert.Equal(new[] { "unload" }, u.Kernel.Calls);
            var e = Kx.Run("qemu-512M-loaded", "-e");
            Assert.Equal(0, e.Exit);
            Assert.Equal(new[] { "reboot" }, e.Kernel.Calls);
        }
    }
}
