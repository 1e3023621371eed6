using System;
using System.IO;
using System.Linq;
using Kexec.Tests.Support;
using TestSupport;
using Xunit;

namespace Kexec.Tests.BadInput
{
    /// <summary>Each bad input: one "kexec: ..." line, non-zero exit, and no call into the kernel.</summary>
    public class BadInputTests
    {
        private const string Guest = "qemu-512M-crashkernel";

        private static string TempFile(byte[] content)
        {
            string p = Path.Combine(Path.GetTempPath(), "kexec-test-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(p, content);
            return p;
        }

        /// <summary>
        /// Found by fuzzing (tests/Fuzz, harness numbers): System.CommandLine read an argument
        /// "@PATH" as a response file and threw UnauthorizedAccessException on a directory. Our
        /// getopt_long (ToolHost) has no response files: "@..." is the kernel file's name.
        /// </summary>
        [Fact]
        public void ArgumentStartingWithAtIsNoResponseFile() =>
            Kx.Run(Guest, "-l", "@" + Path.GetTempPath()).AssertRefused("kernel file not found");

        [Fact]
        public void FileThatIsNoKernel() =>
            Kx.Run(Guest, "-l", Repo.Data("capture-init.sh")).AssertRefused("cannot determine the file type");

        [Fact]
        public void ElfThatIsNoKernelNeedsArgsNone()
        {
            // A real ELF executable that is not a kernel: the test host's dotnet binary... is a PIE (ET_DYN);
            // busybox-static is ET_EXEC.
            Kx.Run(Guest, "-l", "/bin/busybox").AssertRefused("--args-none");
        }

        [Fact]
        public void TruncatedBzImage()
        {
            byte[] full = File.ReadAllBytes(BenchKernel.BzImage);
            string cut = TempFile(full.AsSpan(0, full.Length / 2).ToArray());
            try
            {
                Kx.Run(Guest, "-l", cut).AssertRefused("truncated bzImage");
                string headerOnly = TempFile(full.AsSpan(0, 0x240).ToArray());
                Kx.Run(Guest, "-l", headerOnly).AssertRefused("truncated bzImage");
                File.Delete(headerOnly);
            }
            finally
            {
                File.Delete(cut);
            }
        }

        [Fact]
        public void CommandLineLongerThanTheKernelAccepts()
        {
            // cmdline_size of the bench kernel is 2047 (COMMAND_LINE_SIZE - 1).
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--append", new string('x', 2048)).AssertRefused("command line too long");
            var ok = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--append", new string('x', 2047));
            Assert.Equal(0, ok.Exit);
            // A jump-back image needs room for " kexec_jump_back_entry=0x" and 16 digits too.
            Kx.Run("qemu-512M-memmap-reserved", "--load-jump-back", BenchKernel.BzImage, "--mem-min=0x1000000", "--mem-max=0x6ffffff",
                "--append", new string('x', 2000)).AssertRefused("kexec_jump_back_entry");
            Assert.Equal(0, Kx.Run("qemu-512M-memmap-reserved", "-l", BenchKernel.BzImage, "--append", new string('x', 2000)).Exit);
        }

        [Fact]
        public void MemMinAboveMemMax() =>
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--mem-min=0x2000000", "--mem-max=0x1000000").AssertRefused("--mem-min 0x2000000 is above --mem-max 0x1000000");

        [Fact]
        public void RangeWithNoRam() =>
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--mem-min=0x20000000", "--mem-max=0x2fffffff").AssertRefused("no usable RAM");

        [Fact]
        public void RangeTooSmallForTheKernel() =>
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--mem-min=0x100000", "--mem-max=0x4fffff").AssertRefused("no room for the kernel");

        [Fact]
        public void ExecWithNothingLoaded() =>
            Kx.Run(Guest, "-e").AssertRefused("nothing has been loaded");

        [Theory]
        [InlineData("--load-jump-back-helper=banana")]
        [InlineData("--load-jump-back-helper=0x12g4")]
        public void HelperEntryThatIsNotANumber(string arg) =>
            Kx.Run(Guest, arg).AssertRefused("not a number");

        [Fact]
        public void HelperEntryAsEntryOptionThatIsNotANumber() =>
            Kx.Run(Guest, "--load-jump-back-helper", "--entry=0xzz").AssertRefused("not a number");

        [Fact]
        public void HelperWithoutEntry() =>
            Kx.Run(Guest, "--load-jump-back-helper").AssertRefused("--entry=ENTRY");

        [Fact]
        public void MissingKernelFile() =>
            Kx.Run(Guest, "-l", "/nonexistent/bzImage").AssertRefused("not found");

        [Fact]
        public void UnknownOption() =>
            Kx.Run(Guest, "-l", BenchKernel.BzImage, "--no-such-option").AssertRefused("--no-such-option");

        [Fact]
        public void WithoutCapSysBootNothingIsLoaded()
        {
            var kx = new Kx();
            kx.Kernel.Capability = false;
            kx.Again(Guest, Common.Platform.CpuArchitecture.X86_64, "-l", BenchKernel.BzImage);
            kx.AssertRefused("CAP_SYS_BOOT");
            var unload = new Kx();
            unload.Kernel.Capability = false;
            unload.Again(Guest, Common.Platform.CpuArchitecture.X86_64, "-u");
            unload.AssertRefused("CAP_SYS_BOOT");
        }

        [Fact]
        public void RealProcessWithoutCapSysBootIsRefusedBeforeAnySyscall()
        {
            // The real tool in a child process whose capability bounding set lacks CAP_SYS_BOOT.
            string dll = Path.Combine(AppContext.BaseDirectory, "kexec.dll");
            ProcessRunner.Result r = ProcessRunner.Run("setpriv",
                new[] { "--bounding-set=-sys_boot", "--inh-caps=-sys_boot", "dotnet", dll, "-l", BenchKernel.BzImage, "--append=console=ttyS0" },
                TimeSpan.FromMinutes(2));
            // kexec-tools exits 255 (-1 from main) when a step fails (issue 13).
            Assert.Equal(255, r.ExitCode);
            Assert.Equal("kexec: permission denied: kexec needs CAP_SYS_BOOT (run as root)", r.StdErr.Trim());
        }
    }
}
