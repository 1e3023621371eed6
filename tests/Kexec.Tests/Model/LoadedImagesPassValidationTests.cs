using System.IO;
using System.Linq;
using Kexec.Model;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Model
{
    /// <summary>
    /// Images the loaders build from the test data pass KimageChecks, and the check sits on the
    /// path to the system call: a bad image is refused before kexec_load and before a dry-run plan.
    /// </summary>
    public class LoadedImagesPassValidationTests
    {
        private const string Guest = "qemu-512M-crashkernel";
        private const string Reserved = "qemu-512M-memmap-reserved";

        private static KexecImage Loaded(string guest, params string[] args)
        {
            var kx = Kx.Run(guest, args);
            Assert.True(kx.Exit == 0, kx.Err);
            var image = Assert.Single(kx.Kernel.Loads);
            image.Validate();
            return image;
        }

        [Fact]
        public void ABzImageLoadPasses() =>
            Loaded(Guest, "-l", BenchKernel.BzImage, "--initrd=" + Repo.Data("capture-init.sh"), "--append=console=ttyS0");

        [Fact]
        public void AVmlinuxLoadPasses() => Loaded(Guest, "-l", BenchKernel.Vmlinux, "--append=console=ttyS0");

        [Fact]
        public void ACrashLoadKnowsItsRegionAndPasses()
        {
            var image = Loaded(Guest, "-p", BenchKernel.BzImage, "--initrd=" + Repo.Data("capture-init.sh"), "--append=console=ttyS0");
            var region = Assert.Single(image.CrashRegion!);
            Assert.Equal((0x1b000000UL, 0x1f000000UL), (region.Start, region.End));
        }

        [Fact]
        public void AJumpBackLoadWithItsPreserveSegmentsPasses()
        {
            var image = Loaded(Reserved, "--load-jump-back", BenchKernel.BzImage, "--mem-min=0x1000000", "--mem-max=0x6ffffff",
                "--initrd=" + Repo.Data("capture-init.sh"), "--append=console=ttyS0");
            Assert.Contains(image.Segments, s => s.Role == "preserve");
        }

        [Fact]
        public void TheJumpBackHelperPassesWithItsEntryInTheOtherKernel()
        {
            var image = Loaded(Reserved, "--load-jump-back-helper=0x80000f2");
            Assert.True(image.EntryInOtherKernel);
            Assert.DoesNotContain(image.Segments, s => image.Entry >= s.Destination && image.Entry < s.End);
        }

        [Fact]
        public void AnArgsNoneProgramPasses()
        {
            string prog = ElfExecutableFile.Write(0x3000000, (0x3000000, new byte[] { 0xc3 }));
            try
            {
                Assert.Null(Loaded(Reserved, "--load-jump-back", "--args-none", prog).CrashRegion);
            }
            finally
            {
                File.Delete(prog);
            }
        }

        [Fact]
        public void SeventeenSegmentsAreRefusedBeforeTheSystemCallAndThePlan()
        {
            var loads = Enumerable.Range(0, 17).Select(i => (0x3000000UL + (ulong)i * 0x2000, new byte[] { 0xc3 })).ToArray();
            string prog = ElfExecutableFile.Write(0x3000000, loads);
            try
            {
                Kx.Run(Reserved, "-l", "--args-none", prog).AssertRefused("the image needs 17 segments, the kernel takes at most 16");
                var dry = Kx.Run(Reserved, "-l", "--args-none", prog, "--dry-run");
                dry.AssertRefused("at most 16");
                Assert.Equal("", dry.Out);
            }
            finally
            {
                File.Delete(prog);
            }
        }

        [Fact]
        public void AnEntryOutsideTheProgramIsRefused()
        {
            string prog = ElfExecutableFile.Write(0x3001000, (0x3000000, new byte[] { 0xc3 }));
            try
            {
                Kx.Run(Reserved, "-l", "--args-none", prog).AssertRefused("the entry point 0x3001000 lies in no segment");
            }
            finally
            {
                File.Delete(prog);
            }
        }
    }
}
