using System.Linq;
using Common.Numbers;
using Kexec.Memory;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Memory
{
    public class MemoryMapReaderTests
    {
        [Fact]
        public void QemuGuestWithoutFirmwareMemmapFallsBackToIomem()
        {
            var reader = new MemoryMapReader(new SystemFiles(Repo.Data("qemu-512M-crashkernel")));
            var map = reader.Read();
            Assert.Equal("/proc/iomem", reader.Source);
            // Top-level entries of the captured file: low RAM, RAM from 1 MiB to 0x1ffdffff, reserved ranges.
            Assert.Contains(map, r => r.Type == MemoryType.Ram && r.Start == 0x1000 && r.End == 0x9fc00);
            Assert.Contains(map, r => r.Type == MemoryType.Ram && r.Start == 0x100000 && r.End == 0x1ffe0000);
            Assert.Contains(map, r => r.Type == MemoryType.Reserved && r.Start == 0xfffc0000);
            Assert.DoesNotContain(map, r => r.Start == 0x20000000); // "PCI Bus" is no memory type
            var crash = reader.ReadCrashKernelRanges();
            Assert.Single(crash);
            Assert.Equal(0x1b000000UL, crash[0].Start);
            Assert.Equal(0x1f000000UL, crash[0].End);
            Assert.Equal("[0x1b000000-0x1effffff] CrashKernel", crash[0].ToString());
        }

        [Fact]
        public void FirmwareMemmapIsPreferredWhenPresent()
        {
            var reader = new MemoryMapReader(new SystemFiles(Repo.Data("host-debian")));
            var map = reader.Read();
            Assert.Equal("/sys/firmware/memmap", reader.Source);
            Assert.True(map.SequenceEqual(map.OrderBy(r => r.Start)));
            Assert.Contains(map, r => r.Type == MemoryType.Ram && r.Start == 0x100000);
            Assert.Empty(reader.ReadCrashKernelRanges());
        }

        [Fact]
        public void MemmapDollarReservationIsRamForTheNextKernel()
        {
            // The guest booted with memmap=96M$0x1000000; /proc/iomem shows that RAM as "Reserved".
            var reader = new MemoryMapReader(new SystemFiles(Repo.Data("qemu-512M-memmap-reserved")));
            var map = reader.Read();
            Assert.Contains(map, r => r.Type == MemoryType.Ram && r.Start == 0x1000000 && r.End == 0x7000000);
            var current = reader.ReadSystemRamFromIomem();
            Assert.DoesNotContain(current, r => r.Start <= 0x1000000 && r.End > 0x1000000);
        }

        [Fact]
        public void NumbersParseLikeStrtoulAndMemparse()
        {
            Assert.True(NumberParser.TryParse("0x100000", out ulong a) && a == 0x100000);
            Assert.True(NumberParser.TryParse("0777", out ulong b) && b == 511);
            Assert.True(NumberParser.TryParse("4096", out ulong c) && c == 4096);
            Assert.False(NumberParser.TryParse("0x", out _));
            Assert.False(NumberParser.TryParse("12abc", out _));
            Assert.True(NumberParser.TryParseSize("96M", out ulong d) && d == 96UL << 20);
            Assert.True(NumberParser.TryParseHex("0x0000000000256000", out ulong e) && e == 0x256000);
        }
    }
}
