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
        public static TheoryData<string> Classes => new() { "ELF32", "ELF64" };

        [Theory]
        [MemberData(nameof(Classes))]
        public void RealProgramHeadersRoundTrip(string className)
        {
            ElfClass cls = className == "ELF64" ? ElfClass.Elf64 : ElfClass.Elf32;
            bool is64 = cls.Is64;
            ElfCoreFile core = ElfCoreFile.Read(RealVmcores.Ours.Elf);
            var header = core.Header with
            {
                Class = cls,
                Machine = is64 ? ElfConstants.MachineX86_64 : ElfConstants.MachineI386,
                ProgramHeaderEntrySize = 0,
                SectionHeaderOffset = 0, SectionHeaderCount = 0, SectionHeaderEntrySize = 0, SectionNameIndex = 0,
                ProgramHeaderOffset = is64 ? 64UL : 52UL, // the gABI's sizeof(ElfN_Ehdr), written out so the test does not take it from the code under test
            };
            var phdrs = core.ProgramHeaders.Where(p => p.IsLoad || p.IsNote)
                .Select(p => is64 ? p : p with { VirtualAddress = p.VirtualAddress & 0xffffffff, Align = Math.Min(p.Align, 0x1000) })
                .ToList();
            header = header with { ProgramHeaderCount = (ushort)phdrs.Count };
            int phsize = is64 ? 56 : 32; // sizeof(ElfN_Phdr)
            byte[] bytes = new byte[header.Size + phdrs.Count * phsize];
            header.Write(bytes);
            for (int i = 0; i < phdrs.Count; i++) phdrs[i].Write(bytes.AsSpan(header.Size + i * phsize), cls);

            ElfHeader parsedHeader = ElfHeader.Parse(bytes);
            Assert.Equal(is64, parsedHeader.Is64);
            Assert.Equal(header.Machine, parsedHeader.Machine);
            Assert.Equal((ushort)phsize, parsedHeader.ProgramHeaderEntrySize);
            for (int i = 0; i < phdrs.Count; i++)
                Assert.Equal(phdrs[i], ProgramHeader.Parse(bytes.AsSpan(header.Size + i * phsize), cls));
        }

        [Fact]
        public void Elf32WriteRefusesValuesThatDoNotFit()
        {
            var ph = new ProgramHeader { Type = ElfConstants.PtLoad, Offset = 1UL << 33 };
            Assert.Throws<ElfFormatException>(() => ph.Write(new byte[32], ElfClass.Elf32));
        }

        // The gABI's structure layouts (Elf32_Ehdr/Elf64_Ehdr, Elf32_Phdr/Elf64_Phdr, Elf32_Shdr/Elf64_Shdr), written out.
        [Theory]
        [InlineData("ELF32", 1, 52, 36, 32, 40, 20, 28)]
        [InlineData("ELF64", 2, 64, 48, 56, 64, 32, 44)]
        public void ClassLayoutsAreTheGabis(string name, byte id, int ehdr, int flags, int phdr, int shdr, int shSize, int shInfo)
        {
            ElfClass cls = ElfClass.FromId(id)!;
            Assert.Equal(name, cls.Name);
            Assert.Equal(ehdr, cls.HeaderSize);
            Assert.Equal(flags, cls.FlagsOffset);
            Assert.Equal(phdr, cls.ProgramHeaderSize);
            Assert.Equal(shdr, cls.SectionHeaderSize);
            Assert.Equal(shSize, cls.SectionSizeOffset);
            Assert.Equal(shInfo, cls.SectionInfoOffset);
            Assert.Null(ElfClass.FromId(0));
            Assert.Null(ElfClass.FromId(3));
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
