using System;
using System.IO;
using System.Linq;
using TestSupport;
using Common.Vmcore;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>ElfCoreFile on the real QEMU dumps of our 6.12 kernel and of Debian's 6.1 kernel.</summary>
    public class ElfCoreFileTests
    {
        [Theory]
        [InlineData("ours-6.12")]
        [InlineData("debian-6.1")]
        public void ReadsQemuCoreWhoseProgramHeadersDoNotFollowTheElfHeader(string which)
        {
            VmcoreFixture f = RealVmcores.Get(which);
            ElfCoreFile core = ElfCoreFile.Read(f.Elf);

            Assert.True(core.Header.Is64);
            Assert.Equal(ElfConstants.TypeCore, core.Header.Type);
            Assert.Equal(ElfConstants.MachineX86_64, core.Header.Machine);
            // QEMU 7.2 puts section headers first; the point of this test is that we follow e_phoff.
            Assert.NotEqual((ulong)ElfClass.Elf64.HeaderSize, core.Header.ProgramHeaderOffset);
            Assert.Contains(core.ProgramHeaders, p => p.IsNote);
            Assert.NotEmpty(core.Loads);
            foreach (ProgramHeader load in core.Loads)
                Assert.True(load.Offset + load.FileSize <= (ulong)core.FileLength);
        }

        [Theory]
        [InlineData("ours-6.12")]
        [InlineData("debian-6.1")]
        public void LoadSegmentsCoverEverySystemRamRangeTheGuestReported(string which)
        {
            VmcoreFixture f = RealVmcores.Get(which);
            ElfCoreFile core = ElfCoreFile.Read(f.Elf);
            var ram = File.ReadAllLines(f.FirmwareMemmap)
                .Where(l => l.EndsWith("System RAM", StringComparison.Ordinal))
                .Select(l => l.Split(' '))
                .Select(p => (Start: Convert.ToUInt64(p[0], 16), End: Convert.ToUInt64(p[1], 16)))
                .ToList();
            Assert.NotEmpty(ram);
            foreach (var (start, end) in ram)
            {
                // Walk the range through the segments: each byte must map to file data.
                ulong at = start;
                while (at <= end)
                {
                    Assert.True(core.TryMapPhysical(at, out long offset, out ulong available), $"RAM at 0x{at:x} is in no PT_LOAD");
                    Assert.True(offset >= 0 && available > 0);
                    at += available;
                }
            }
            ulong ramBytes = (ulong)ram.Sum(r => (long)(r.End - r.Start + 1));
            Assert.InRange(ramBytes, 500UL << 20, 512UL << 20);
            Assert.False(core.TryMapPhysical(1UL << 40, out _, out _));
        }

        [Theory]
        [InlineData("ours-6.12")]
        [InlineData("debian-6.1")]
        public void FindsCpuNotesAndVmcoreInfo(string which)
        {
            VmcoreFixture f = RealVmcores.Get(which);
            ElfCoreFile core = ElfCoreFile.Read(f.Elf);
            // One guest CPU: one NT_PRSTATUS from QEMU.
            Assert.Single(core.Notes, n => n.Name == "CORE" && n.Type == ElfConstants.NtPrStatus);
            VmcoreInfo info = core.ReadVmcoreInfo() ?? throw new Xunit.Sdk.XunitException("no VMCOREINFO note");
            Assert.Equal(f.KernelRelease, info.OsRelease);
            Assert.Equal(4096, info.PageSize);
            Assert.NotNull(info.Symbol("init_uts_ns"));
            Assert.NotNull(info.Offset("page", "flags"));
            Assert.True(info.Size("page") is 56 or 64);
        }

        [Fact]
        public void MarkerWrittenByTheGuestIsInTheDumpedMemory()
        {
            VmcoreFixture f = RealVmcores.Ours;
            string marker = File.ReadAllText(f.MarkerFile).Trim();
            byte[] needle = System.Text.Encoding.ASCII.GetBytes(marker);
            ElfCoreFile core = ElfCoreFile.Read(f.Elf);
            using var fs = File.OpenRead(f.Elf);
            var buffer = new byte[1 << 20];
            bool found = false;
            foreach (ProgramHeader load in core.Loads)
            {
                for (ulong pos = 0; pos < load.FileSize && !found; pos += (ulong)buffer.Length - (ulong)needle.Length)
                {
                    fs.Seek((long)(load.Offset + pos), SeekOrigin.Begin);
                    int n = fs.Read(buffer, 0, (int)Math.Min((ulong)buffer.Length, load.FileSize - pos));
                    if (buffer.AsSpan(0, n).IndexOf(needle) >= 0) found = true;
                    if (n < buffer.Length) break;
                }
            }
            Assert.True(found, "the guest's marker string is not in any PT_LOAD");
        }
    }
}
