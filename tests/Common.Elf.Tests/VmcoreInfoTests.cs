using TestSupport;
using System;
using System.Linq;
using Common.Vmcore;
using Xunit;

namespace Common.Elf.Tests
{
    public class VmcoreInfoTests
    {
        [Theory]
        [InlineData("ours-6.12")]
        [InlineData("debian-6.1")]
        public void RealNoteHasWhatDumpToolsNeed(string which)
        {
            VmcoreInfo info = ElfCoreFile.Read(RealVmcores.Get(which).Elf).ReadVmcoreInfo()!;
            foreach (string sym in new[] { "mem_section", "init_uts_ns", "swapper_pg_dir", "_stext" })
                Assert.NotNull(info.Symbol(sym));
            Assert.NotNull(info.Length("mem_section"));
            Assert.NotNull(info.Number("PG_lru"));
            Assert.NotNull(info.Number("phys_base"));
            Assert.True(info.ConfigEnabled("SPARSEMEM") || info.Get("SYMBOL(mem_section)") != null);
            // Every line of the raw text is reachable as an entry.
            int lines = info.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]).Distinct().Count();
            Assert.Equal(lines, info.Entries.Count);
        }

        /// <summary>
        /// Our kernels export where a kexec jump keeps its entry list (native/kexec_jump_kernel.patch,
        /// the VMCOREINFO patch): the values relocate_kernel_{64,32}.S use; Debian's 6.1 has none.
        /// </summary>
        [Theory]
        [InlineData("ours-6.12", 2096L, 8L)]
        [InlineData("i386", 2076L, 4L)]
        [InlineData("i386-pae", 2076L, 4L)]
        public void OurKernelsExportTheKexecJumpEntryListLayout(string which, long offset, long wordSize)
        {
            string elf = which == "ours-6.12" ? RealVmcores.Ours.Elf : PreparedFixtures.I386(which).Elf;
            VmcoreInfo info = ElfCoreFile.Read(elf).ReadVmcoreInfo()!;
            Assert.Equal(offset, info.Number("KEXEC_JUMP_ENTRY_LIST_OFFSET"));
            Assert.Equal(wordSize, info.Size("kimage_entry_t"));
            Common.DumpFormats.Jump.JumpBackLayout layout = Common.DumpFormats.Jump.JumpBackLayout.FromVmcoreInfo(info);
            Assert.Equal((int)offset, layout.HeadOffset);
            Assert.Null(ElfCoreFile.Read(RealVmcores.Debian.Elf).ReadVmcoreInfo()!.Number("KEXEC_JUMP_ENTRY_LIST_OFFSET"));
        }

        [Fact]
        public void DecimalAndHexFieldsParseAsTheKernelWritesThem()
        {
            var info = VmcoreInfo.Parse("OSRELEASE=6.12.0\nPAGESIZE=4096\nSYMBOL(init_uts_ns)=ffffffff82a1b340\nOFFSET(page.flags)=0\nSIZE(page)=64\nNUMBER(PG_lru)=4\nKERNELOFFSET=1e000000\nCONFIG_X86_PAE=y\n");
            Assert.Equal(0xffffffff82a1b340UL, info.Symbol("init_uts_ns"));
            Assert.Equal(0L, info.Offset("page", "flags"));
            Assert.Equal(64L, info.Size("page"));
            Assert.Equal(0x1e000000UL, info.KernelOffset);
            Assert.True(info.ConfigEnabled("X86_PAE"));
            Assert.Null(info.Symbol("absent"));
        }

        [Theory]
        [InlineData("PAGESIZE=4095\n")]
        [InlineData("PAGESIZE=0\n")]
        [InlineData("PAGESIZE=lots\n")]
        [InlineData("OSRELEASE=6.12\n")]
        public void AbsurdOrMissingPageSizeIsRefused(string text)
        {
            var info = VmcoreInfo.Parse(text);
            Assert.Throws<FormatException>(() => info.PageSize);
        }

        [Theory]
        [InlineData("")]
        [InlineData("no equals sign here\n")]
        [InlineData("=value\n")]
        public void MalformedTextIsRefused(string text) =>
            Assert.Throws<FormatException>(() => VmcoreInfo.Parse(text));

        /// <summary>makedumpfile's readers take the first line of a key (read_vmcoreinfo_symbol breaks there).</summary>
        [Fact]
        public void FirstLineOfARepeatedKeyWins()
        {
            VmcoreInfo info = VmcoreInfo.Parse("OSRELEASE=6.12\nPAGESIZE=4096\nSYMBOL(prb)=ffffffff81000000\nSYMBOL(prb)=ffffffff82000000\n");
            Assert.Equal(0xffffffff81000000UL, info.Symbol("prb"));
        }

        [Fact]
        public void NonHexSymbolIsRefused() =>
            Assert.Throws<FormatException>(() => VmcoreInfo.Parse("SYMBOL(x)=zz\n").Symbol("x"));
    }
}
