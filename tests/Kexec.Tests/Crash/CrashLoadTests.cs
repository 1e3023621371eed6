using System.Linq;
using System.Text.RegularExpressions;
using Common.Elf;
using Common.Memory;
using Kexec.Memory;
using Kexec.Model;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Crash
{
    /// <summary>kdump loads against a real guest booted with crashkernel=64M (two CPUs).</summary>
    public class CrashLoadTests
    {
        private const string Guest = "qemu-512M-crashkernel";
        private const ulong CrashStart = 0x1b000000, CrashEnd = 0x1f000000;

        private static KexecImage LoadPanic(params string[] extra)
        {
            var kx = Kx.Run(Guest, new[] { "-p", BenchKernel.BzImage, "--initrd", Repo.Data("capture-init.sh"), "--append=console=ttyS0 irqpoll" }.Concat(extra).ToArray());
            Assert.True(kx.Exit == 0, kx.Err);
            return Assert.Single(kx.Kernel.Loads);
        }

        [Fact]
        public void EverySegmentLiesInTheCrashKernelRegion()
        {
            var image = LoadPanic();
            Assert.Equal(KexecFlags.OnCrash, image.Flags);
            var region = new RangeSet();
            region.Add(CrashStart, CrashEnd);
            PlanChecks.SegmentsWellFormed(image, region);
            Assert.Equal(new[] { "boot-params", "elfcorehdr", "initrd", "kernel", "purgatory" }, image.Segments.Select(s => s.Role).OrderBy(r => r));
        }

        [Fact]
        public void CoreHeaderDescribesTheOldKernelsRamWithoutTheCrashRegion()
        {
            var image = LoadPanic();
            var seg = image.Find("elfcorehdr")!;
            var m = Regex.Match(image.CommandLine, @"(^| )elfcorehdr=(\d+)K@(\d+)K( |$)");
            Assert.True(m.Success, image.CommandLine);
            Assert.Equal(seg.MemorySize >> 10, ulong.Parse(m.Groups[2].Value));
            Assert.Equal(seg.Destination >> 10, ulong.Parse(m.Groups[3].Value));

            var core = new CoreHeader(seg.Buffer);
            Assert.Equal(ElfConstants.TypeCore, core.Header.Type);
            Assert.Equal(ElfConstants.MachineX86_64, core.Header.Machine);
            Assert.True(core.Header.Is64);
            // cpu0 and cpu1 crash notes and VMCOREINFO, as captured from the guest's sysfs.
            Assert.Equal(new[] { 0x1f422400UL, 0x1f522400UL, 0x2a0000UL }, core.Notes.Select(n => n.PhysicalAddress));
            Assert.Equal(0x1024UL, core.Notes.Last().MemorySize);
            // System RAM 0x1000-0x9fbff and 0x100000-0x1ffdffff, minus the low 1 MiB and the crash region.
            Assert.Equal(new[] { (0x100000UL, CrashStart), (CrashEnd, 0x1ffe0000UL) },
                core.RamLoads.Select(p => (p.PhysicalAddress, p.PhysicalAddress + p.MemorySize)));
            foreach (var p in core.RamLoads)
            {
                Assert.Equal(p.PhysicalAddress, p.Offset);
                Assert.Equal(p.FileSize, p.MemorySize);
                Assert.True(p.VirtualAddress - p.PhysicalAddress >= 0xff00000000000000UL, "direct-map address");
            }
        }

        [Fact]
        public void Elf32CoreHeadersOnRequest()
        {
            var core = new CoreHeader(LoadPanic("--elf32-core-headers").Find("elfcorehdr")!.Buffer);
            Assert.False(core.Header.Is64);
            Assert.Equal(2, core.RamLoads.Count());
        }

        [Fact]
        public void CaptureKernelSeesOnlyLowMemoryAndTheCrashRegionAsRam()
        {
            var image = LoadPanic();
            var hdr = image.Find("elfcorehdr")!;
            var e820 = new ZeroPage(image.Find("boot-params")!.Buffer).E820();
            var ram = e820.Where(e => e.Type == 1).Select(e => (e.Start, e.Start + e.Size)).ToList();
            var expected = new RangeSet();
            expected.Add(0x1000, 0x9fc00);
            expected.Add(CrashStart, CrashEnd);
            expected.Remove(hdr.Destination, hdr.End);
            Assert.Equal(expected.Ranges.Select(r => (r.Start, r.End)), ram);
            // Non-RAM ranges pass through (ACPI and reserved areas the capture kernel may need).
            Assert.Contains(e820, e => e.Type == 2 && e.Start == 0xfffc0000);
        }

        [Fact]
        public void NoCrashRegionIsAClearError()
        {
            var kx = Kx.Run("qemu-512M-memmap-reserved", "-p", BenchKernel.BzImage);
            kx.AssertRefused("crashkernel=");
        }
    }
}
