using System.Linq;
using System.IO;
using Common.Platform;
using Kexec.Loaders.BzImage;
using Kexec.Purgatory;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Loaders
{
    public class BzImage32LoaderTests
    {
        private const string Guest = "qemu-512M-crashkernel";

        [Fact]
        public void Entry32BitEntersCode32StartFromLongMode()
        {
            var kx = Kx.Run(Guest, "-l", "--entry-32bit", BenchKernel.BzImage, "--append=console=ttyS0");
            Assert.True(kx.Exit == 0, kx.Err);
            var image = Assert.Single(kx.Kernel.Loads);
            Assert.Equal("bzImage32", image.LoaderName);
            var kernel = image.Find("kernel")!;
            Assert.Equal(kernel.Destination, image.KernelEntry);
            foreach (var s in image.Segments) Assert.True(s.End <= 0x100000000UL);
            var zp = new ZeroPage(image.Find("boot-params")!.Buffer);
            Assert.Equal((uint)kernel.Destination, zp.Code32Start);
        }

        [Fact]
        public void I386MachineGetsA32BitPurgatory()
        {
            var kx = Kx.Run(Guest, CpuArchitecture.I386, "-l", BenchKernel.BzImage, "--append=console=ttyS0", "--dry-run", "--json");
            var plan = kx.Json();
            Assert.Equal("bzImage32", plan.GetProperty("loader").GetString());
            Assert.Equal(3u << 16, plan.GetProperty("flags").GetUInt32());

            var load = Kx.Run(Guest, CpuArchitecture.I386, "-l", BenchKernel.BzImage);
            var image = Assert.Single(load.Kernel.Loads);
            var purgatory = image.Find("purgatory")!;
            var code = Disassembly.Decode(purgatory.Buffer, purgatory.Destination, image.Entry, 32);
            // 32-bit code; a plain load records no resume point and never reads the stack.
            Assert.Equal(Iced.Intel.Mnemonic.Xor, code[0].Mnemonic);
            Assert.Equal(Iced.Intel.Register.EAX, code[0].Op0Register);
            Assert.DoesNotContain(code.TakeWhile(i => i.Op0Register != Iced.Intel.Register.ESP), i => i.MemoryBase == Iced.Intel.Register.ESP);
            Kx.Run(Guest, CpuArchitecture.I386, "-s", "-l", BenchKernel.BzImage).AssertRefused("i386");
        }
    }
}
