using System;
using System.IO;
using System.Linq;
using Common.Memory;
using Kexec.Loaders.BzImage;
using Kexec.Memory;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Loaders
{
    public class BzImage64LoaderTests
    {
        private const string Guest = "qemu-512M-crashkernel";

        [Fact]
        public void PlainLoadOfTheBenchKernelFollowsThe64BitBootProtocol()
        {
            string initrd = Repo.Data("capture-init.sh");
            var kx = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--initrd=" + initrd, "--append", "console=ttyS0 panic=-1");
            Assert.Equal(0, kx.Exit);
            var image = Assert.Single(kx.Kernel.Loads);
            Assert.Equal("bzImage64", image.LoaderName);
            Assert.Equal(Kexec.Model.KexecFlags.None, image.Flags);

            byte[] file = File.ReadAllBytes(BenchKernel.BzImage);
            var header = SetupHeader.Parse(file, "bzImage");
            var kernel = image.Find("kernel")!;
            Assert.Equal(0UL, kernel.Destination % header.KernelAlignment);
            Assert.True(kernel.Destination >= header.PrefAddress);
            Assert.Equal(file.AsSpan(header.KernelOffset).ToArray(), kernel.Buffer);
            Assert.Equal(kernel.Destination + 0x200, image.KernelEntry);

            var purgatory = image.Find("purgatory")!;
            Assert.InRange(image.Entry, purgatory.Destination, purgatory.End - 1);

            var bp = image.Find("boot-params")!;
            var zp = new ZeroPage(bp.Buffer);
            Assert.Equal(0x53726448u, zp.HdrS);
            Assert.Equal(0x0d, zp.LoaderType);
            Assert.Equal(0, zp.Sentinel);
            Assert.Equal(bp.Destination + 4096, zp.CmdLinePtr);
            Assert.Equal("console=ttyS0 panic=-1", ZeroPage.CString(bp.Buffer, 4096));
            Assert.Equal("console=ttyS0 panic=-1", image.CommandLine);
            var rd = image.Find("initrd")!;
            Assert.Equal(rd.Destination, zp.RamdiskImage);
            Assert.Equal((ulong)new FileInfo(initrd).Length, zp.RamdiskSize);
            Assert.Equal((uint)kernel.Destination, zp.Code32Start);

            // A plain load hands the firmware map on unchanged.
            var map = new MemoryMapReader(new SystemFiles(Repo.Data(Guest))).Read();
            Assert.Equal(map.Select(r => (r.Start, r.Length, (uint)r.Type)), zp.E820());

            // Nothing in the decompressor's init_size window but the kernel itself.
            ulong initEnd = kernel.Destination + Math.Max(header.InitSize, (ulong)kernel.Buffer.Length);
            Assert.DoesNotContain(image.Segments, s => s != kernel && s.Destination < initEnd && s.End > kernel.Destination);
            PlanChecks.SegmentsWellFormed(image, map.ToRangeSet(MemoryType.Ram));
        }

        [Fact]
        public void DryRunPrintsThePlanAsJsonAndLoadsNothing()
        {
            var kx = Kx.Run(Guest, "--load", BenchKernel.BzImage, "--command-line=console=ttyS0", "--dry-run", "--json");
            var plan = kx.Json();
            Assert.Empty(kx.Kernel.Calls);
            Assert.Equal("kexec_load", plan.GetProperty("syscall").GetString());
            Assert.Equal("bzImage64", plan.GetProperty("loader").GetString());
            Assert.Equal(62u << 16, plan.GetProperty("flags").GetUInt32());
            Assert.Equal("console=ttyS0", plan.GetProperty("commandLine").GetString());
            var kernel = Kx.Segment(plan, "kernel");
            Assert.Equal(kernel.GetProperty("mem").GetUInt64() + 0x200, plan.GetProperty("kernelEntry").GetUInt64());
            var purgatory = Kx.Segment(plan, "purgatory");
            Assert.False(purgatory.GetProperty("verified").GetBoolean());
            Assert.Equal(3, plan.GetProperty("segments").GetArrayLength());

            var text = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--append", "console=ttyS0", "--dry-run");
            Assert.Equal(0, text.Exit);
            Assert.Contains("loader:       bzImage64", text.Out);
            Assert.Contains("command line: \"console=ttyS0\"", text.Out);
            Assert.Contains($"0x{kernel.GetProperty("mem").GetUInt64():x16}", text.Out);
        }

        [Fact]
        public void MemMinAndMemMaxBoundEverySegment()
        {
            var kx = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--mem-min=0x2000000", "--mem-max", "0x7ffffff", "--initrd", Repo.Data("capture-init.sh"));
            var image = Assert.Single(kx.Kernel.Loads);
            var window = new RangeSet();
            window.Add(0x2000000, 0x8000000);
            PlanChecks.SegmentsWellFormed(image, window);
        }

        [Fact]
        public void ReuseCmdlineDropsPerBootParameters()
        {
            // The captured guest ran with "console=ttyS0 crashkernel=64M panic=-1".
            var kx = Kx.Run(Guest, "-p", BenchKernel.BzImage, "--reuse-cmdline", "--append=quiet");
            var image = Assert.Single(kx.Kernel.Loads);
            Assert.StartsWith("console=ttyS0 panic=-1 quiet elfcorehdr=", image.CommandLine);
            var normal = Kx.Run(Guest, "-l", BenchKernel.BzImage, "--reuse-cmdline");
            Assert.Equal("console=ttyS0 crashkernel=64M panic=-1", normal.Kernel.Loads.Single().CommandLine);
        }
    }
}
