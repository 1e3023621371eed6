using System;
using System.IO;
using Common.DumpFormats;
using Common.Elf;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>What each reader says of the image it opened, on the bench's real 6.12 dump: QEMU's ELF core and its kdump-compressed file.</summary>
    public sealed class ImageOriginTests
    {
        [Fact]
        public void AnElfCoreGivesItsClassMachineAndNoteHeader()
        {
            using IPageSource elf = DumpInput.Open(RealVmcores.Ours.Elf);
            ImageOrigin o = elf.Origin;
            Assert.Equal(RealVmcores.Ours.Elf, o.Name);
            Assert.True(o.IsElfCore);
            Assert.Same(ElfClass.Elf64, o.ElfClass);
            Assert.Equal(ElfConstants.MachineX86_64, o.Machine);
            Assert.NotNull(o.ElfNoteHeader);
            Assert.True(o.ElfNoteHeader!.IsNote);
            Assert.False(o.KeepsExcludedZeroPages);
        }

        [Fact]
        public void AKdumpFileGivesTheMachineOfItsUtsname()
        {
            string dir = Path.Combine(Path.GetTempPath(), "origin-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                using IPageSource kd = DumpInput.IsFlattened(RealVmcores.Ours.KdumpZlib)
                    ? DumpInput.OpenFlattened(RealVmcores.Ours.KdumpZlib, dir)
                    : DumpInput.Open(RealVmcores.Ours.KdumpZlib);
                ImageOrigin o = kd.Origin;
                Assert.False(o.IsElfCore);
                Assert.Null(o.ElfClass);
                Assert.Null(o.ElfNoteHeader);
                Assert.Equal(ElfConstants.MachineX86_64, o.Machine);
                Assert.True(o.KeepsExcludedZeroPages);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
