using System;
using System.IO;
using System.Linq;
using Common.Elf;
using Iced.Intel;
using Kexec.Model;
using Kexec.Tests.Support;
using Xunit;
using static Iced.Intel.AssemblerRegisters;

namespace Kexec.Tests.Loaders
{
    public class ElfLoaderTests
    {
        private const string Guest = "qemu-512M-crashkernel";

        [Fact]
        public void VmlinuxLoadsAtItsPhysicalAddressesAndEntersPhysStartup64()
        {
            byte[] file = File.ReadAllBytes(BenchKernel.Vmlinux);
            var eh = ElfHeader.Parse(file);
            var loads = Enumerable.Range(0, eh.ProgramHeaderCount)
                .Select(i => ProgramHeader.Parse(file.AsSpan((int)eh.ProgramHeaderOffset + i * ElfClass.Elf64.ProgramHeaderSize), ElfClass.Elf64)).Where(p => p.IsLoad && p.MemorySize > 0).ToList();

            var kx = Kx.Run(Guest, "-l", BenchKernel.Vmlinux, "--append=console=ttyS0");
            Assert.True(kx.Exit == 0, kx.Err);
            var image = Assert.Single(kx.Kernel.Loads);
            Assert.Equal("elf-vmlinux", image.LoaderName);
            Assert.Equal(eh.Entry, image.KernelEntry);
            var kernelSegs = image.Segments.Where(s => s.Role == "kernel").OrderBy(s => s.Destination).ToList();
            Assert.Equal(loads.Count, kernelSegs.Count);
            foreach (var (ph, seg) in loads.OrderBy(p => p.PhysicalAddress).Zip(kernelSegs))
            {
                Assert.Equal(ph.PhysicalAddress & ~4095UL, seg.Destination);
                ulong lead = ph.PhysicalAddress - seg.Destination;
                Assert.Equal(file.AsSpan((int)ph.Offset, (int)ph.FileSize).ToArray(), seg.Buffer.AsSpan((int)lead).ToArray());
                Assert.True(seg.MemorySize >= lead + ph.MemorySize);
            }
            var zp = new ZeroPage(image.Find("boot-params")!.Buffer);
            Assert.Equal("console=ttyS0", ZeroPage.CString(image.Find("boot-params")!.Buffer, 4096));
            Assert.Equal(0x53726448u, zp.HdrS);
            PlanChecks.SegmentsWellFormed(image);
        }

        /// <summary>A physical-mode program of the kind the bench runs with a jump-back load: writes a marker, returns.</summary>
        private static string MarkerProgram()
        {
            const ulong at = 0x3000000;
            var a = new Assembler(64);
            a.mov(rax, at + 0x800);
            a.mov(__dword_ptr[rax], 0x4b4f4b4f);
            a.ret();
            var w = new StreamCodeWriter(new MemoryStream());
            var ms = new MemoryStream();
            a.Assemble(new StreamCodeWriter(ms), at);
            return ElfExecutableFile.Write(at, (at, ms.ToArray()));
        }

        [Fact]
        public void ArgsNoneJumpsStraightToTheEntryWithNoPurgatory()
        {
            string prog = MarkerProgram();
            try
            {
                var kx = Kx.Run("qemu-512M-memmap-reserved", "--load-jump-back", "--args-none", prog);
                Assert.True(kx.Exit == 0, kx.Err);
                var image = Assert.Single(kx.Kernel.Loads);
                Assert.Equal("elf-executable", image.LoaderName);
                Assert.Equal(KexecFlags.PreserveContext, image.Flags);
                Assert.Equal(0x3000000UL, image.Entry);
                var seg = Assert.Single(image.Segments);
                Assert.Equal(0x3000000UL, seg.Destination);
                Assert.Equal(0x1000UL, seg.MemorySize);
                var decoded = Disassembly.Decode(seg.Buffer, seg.Destination, seg.Destination, 64);
                Assert.Equal(Mnemonic.Ret, decoded[2].Mnemonic);

                Kx.Run("qemu-512M-memmap-reserved", "-l", prog).AssertRefused("--args-none");
            }
            finally
            {
                File.Delete(prog);
            }
        }
    }
}
