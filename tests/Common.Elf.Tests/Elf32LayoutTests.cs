using System;
using System.Linq;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>
    /// ELF32 headers: the real 6.12 core's program headers re-expressed in the 32-bit layout
    /// (whose field order differs) survive a write and a parse, and the 64-bit ones do too.
    /// </summary>
    public class Elf32LayoutTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void RealProgramHeadersRoundTrip(bool is64)
        {
            ElfCoreFile core = ElfCoreFile.Read(RealVmcores.Ours.Elf);
            var header = core.Header with
            {
                Class = is64 ? ElfConstants.ClassElf64 : ElfConstants.ClassElf32,
                Machine = is64 ? ElfConstants.MachineX86_64 : ElfConstants.MachineI386,
                ProgramHeaderEntrySize = 0,
                SectionHeaderOffset = 0, SectionHeaderCount = 0, SectionHeaderEntrySize = 0, SectionNameIndex = 0,
                ProgramHeaderOffset = is64 ? 64UL : 52UL,
            };
            var phdrs = core.ProgramHeaders.Where(p => p.IsLoad || p.IsNote)
                .Select(p => is64 ? p : p with { VirtualAddress = p.VirtualAddress & 0xffffffff, Align = Math.Min(p.Align, 0x1000) })
                .ToList();
            header = header with { ProgramHeaderCount = (ushort)phdrs.Count };
            int phsize = ProgramHeader.SizeFor(is64);
            byte[] bytes = new byte[header.Size + phdrs.Count * phsize];
            header.Write(bytes);
            for (int i = 0; i < phdrs.Count; i++) phdrs[i].Write(bytes.AsSpan(header.Size + i * phsize), is64);

            ElfHeader parsedHeader = ElfHeader.Parse(bytes);
            Assert.Equal(is64, parsedHeader.Is64);
            Assert.Equal(header.Machine, parsedHeader.Machine);
            Assert.Equal((ushort)phsize, parsedHeader.ProgramHeaderEntrySize);
            for (int i = 0; i < phdrs.Count; i++)
                Assert.Equal(phdrs[i], ProgramHeader.Parse(bytes.AsSpan(header.Size + i * phsize), is64));
        }

        [Fact]
        public void Elf32WriteRefusesValuesThatDoNotFit()
        {
            var ph = new ProgramHeader { Type = ElfConstants.PtLoad, Offset = 1UL << 33 };
            Assert.Throws<OverflowException>(() => ph.Write(new byte[32], is64: false));
        }

        [Fact]
        public void BigEndianAndUnknownClassesAreRefused()
        {
            byte[] h = new byte[64];
            h[0] = 0x7f; h[1] = (byte)'E'; h[2] = (byte)'L'; h[3] = (byte)'F'; h[4] = 2; h[5] = 2;
            Assert.Contains("big-endian", Assert.Throws<ElfFormatException>(() => ElfHeader.Parse(h)).Message);
            h[5] = 1; h[4] = 9;
            Assert.Contains("class", Assert.Throws<ElfFormatException>(() => ElfHeader.Parse(h)).Message);
            Assert.Contains("magic", Assert.Throws<ElfFormatException>(() => ElfHeader.Parse(new byte[64])).Message);
        }
    }
}
