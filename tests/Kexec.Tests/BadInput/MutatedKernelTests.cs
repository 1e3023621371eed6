using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.BadInput
{
    /// <summary>
    /// The bench kernel's own bzImage and vmlinux with one header field changed, as the
    /// mutation runs of issue 12 found them accepted or crashing: each is one "kexec: ..." line,
    /// a non-zero exit and no call into the kernel.
    /// </summary>
    public class MutatedKernelTests
    {
        private const string Guest = "qemu-512M-crashkernel";

        private static void WithMutated(string original, Action<byte[]> mutate, Action<string> test)
        {
            byte[] bytes = File.ReadAllBytes(original);
            mutate(bytes);
            string path = Path.Combine(Path.GetTempPath(), "kexec-mutated-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(path, bytes);
            try { test(path); }
            finally { File.Delete(path); }
        }

        [Fact]
        public void VmlinuxWithAPtLoadReachingPastTheAddressSpaceIsRefused()
        {
            // p_memsz of the first PT_LOAD = 2^64-1: page rounding used to wrap (ArgumentException).
            WithMutated(BenchKernel.Vmlinux, b =>
            {
                ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(32));
                int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(54));
                int phnum = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(56));
                int at = Enumerable.Range(0, phnum).Select(i => (int)phoff + i * phentsize)
                    .First(o => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o)) == 1);
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at + 40), ulong.MaxValue);
            }, path => Kx.Run(Guest, "-l", path, "--append=console=ttyS0").AssertRefused("52-bit physical address space"));
        }

        /// <summary>
        /// Harness vmlinux (2026-12-02): an e_phoff near 2^64 wrapped the "program headers end
        /// past the file" check and died with an unhandled ArgumentOutOfRangeException. Now the
        /// probe finds no kernel in it, as for any ELF file whose headers do not read.
        /// </summary>
        [Theory]
        [InlineData(0xffffffffffffffffUL)]
        [InlineData(0xffffffffffffff00UL)]
        [InlineData(0x80000000UL)]
        public void VmlinuxWithProgramHeadersOutsideTheFileIsRefused(ulong phoff) =>
            WithMutated(BenchKernel.Vmlinux, b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), phoff),
                path => Kx.Run(Guest, "-l", path, "--append=console=ttyS0").AssertRefused("not a Linux kernel"));

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(65)]
        public void BzImageWithImpossibleSetupSectsIsRefused(byte sects) =>
            WithMutated(BenchKernel.BzImage, b => b[0x1f1] = sects,
                path => Kx.Run(Guest, "-l", path, "--append=console=ttyS0").AssertRefused("setup_sects"));

        [Fact]
        public void BzImageWhoseInitSizeIsSmallerThanTheKernelIsRefused() =>
            WithMutated(BenchKernel.BzImage, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(0x260), 1),
                path => Kx.Run(Guest, "-l", path, "--append=console=ttyS0").AssertRefused("init_size"));

        [Fact]
        public void TheUnmutatedKernelStillLoads() =>
            Assert.Equal(0, Kx.Run(Guest, "-l", BenchKernel.BzImage, "--append=console=ttyS0").Exit);

        [Fact]
        public void JsonDryRunOfAJumpBackLoadDoesNotHashThePreservedRanges()
        {
            var kx = Kx.Run("qemu-512M-memmap-reserved", "--load-jump-back", BenchKernel.BzImage, "--mem-min=0x1000000", "--mem-max=0x6ffffff",
                "--initrd=" + Repo.Data("capture-init.sh"), "--append=console=ttyS0", "--dry-run", "--json");
            JsonElement plan = kx.Json();
            JsonElement[] segments = plan.GetProperty("segments").EnumerateArray().ToArray();
            JsonElement[] preserve = segments.Where(s => s.GetProperty("role").GetString() == "preserve").ToArray();
            Assert.True(preserve.Length >= 2, "no preserve segments in a jump-back load");
            ulong preserved = 0;
            foreach (JsonElement p in preserve)
            {
                Assert.Equal(JsonValueKind.Null, p.GetProperty("sha256").ValueKind);
                preserved += p.GetProperty("memsz").GetUInt64();
            }
            Assert.True(preserved > 64UL << 20, $"only {preserved} bytes preserved");
            // The kernel and the other segments with bytes are still hashed.
            foreach (JsonElement s in segments.Where(s => s.GetProperty("bufsz").GetUInt64() > 0))
                Assert.Equal(64, s.GetProperty("sha256").GetString()!.Length);
        }
    }
}
