using System.Linq;
using Common.DumpFormats.Elf;
using Common.Elf;
using MakeDumpFile.Kernel;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// A /proc/vmcore of x86_64 has, before the RAM PT_LOADs, a PT_LOAD of the kernel image at
    /// its __START_KERNEL_map address whose physical range lies inside RAM, with its own copy of
    /// the bytes (kexec-tools and our kexec put the kernel text of /proc/kcore there), and its RAM
    /// PT_LOADs carry direct-map addresses. Made from the real 6.12 fixture, such a core gives the
    /// same -E output in both tools: the overlapping PT_LOAD is filtered on its own and written
    /// again, and the report counts its frames twice (Memory Hole goes below zero).
    /// </summary>
    [Collection("vmcore")]
    public sealed class KernelTextLoadMatchesMakedumpfileTests
    {
        /// <summary>
        /// About the size of the 6.12 bench kernel's image (_end - _text in its System.map,
        /// 0xa1c000); VMCOREINFO gives where the image is but not its end. The rule compared does
        /// not depend on the size.
        /// </summary>
        private const ulong KernelImageBytes = 0xa1c000;

        [Theory]
        [InlineData(0, false)]
        [InlineData(1, false)]
        [InlineData(31, false)]
        [InlineData(31, true)]
        public void DuplicatedKernelTextIsFilteredAndWrittenAsMakedumpfileDoes(int level, bool directMap)
        {
            using var s = new Scratch();
            (ulong vaddr, ulong paddr, ulong pageOffset) = KernelText(Fixtures.Ours612Elf);
            CoreRewrite core = CoreRewrite.From(Fixtures.Ours612Elf).Insert(0, vaddr, paddr, KernelImageBytes);
            if (directMap) core.DirectMap(pageOffset);
            core.Write(s.File("vmcore.elf"));

            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-d {level} -E --message-level 16 \"{s.File("vmcore.elf")}\" \"{s.File("theirs.elf")}\""), "Debian makedumpfile");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d {level} -E --message-level 16 \"{s.File("vmcore.elf")}\" \"{s.File("ours.elf")}\""), "our makedumpfile");
            ProgramHeader first = ElfCoreFile.Read(s.File("theirs.elf")).Loads[0];
            Assert.True(first.VirtualAddress == vaddr && first.PhysicalAddress == paddr, "makedumpfile's output does not start with the kernel text PT_LOAD");
            ulong pages = ElfLoadCompare.AssertSameLoads(s.File("theirs.elf"), s.File("ours.elf"), $"kernel text, -d {level} -E{(directMap ? ", direct-map addresses" : "")}");
            Assert.True(pages > 1000, $"only {pages} pages compared");
            ReportCounts.AssertSame(theirs.Stdout, ours.Stdout, $"-d {level} report");
        }

        /// <summary>
        /// Where the kernel image is, from VMCOREINFO: SYMBOL(_stext) (_text on x86_64) and
        /// NUMBER(phys_base) (__pa_symbol: vaddr - __START_KERNEL_map + phys_base); PAGE_OFFSET
        /// from a direct-map symbol (mem_section) and its translation through the page tables.
        /// </summary>
        private static (ulong Vaddr, ulong Paddr, ulong PageOffset) KernelText(string elf)
        {
            using var source = ElfCorePageSource.Open(elf);
            Common.Vmcore.VmcoreInfo info = source.VmcoreInfo!;
            ulong stext = info.RequireSymbol("_stext");
            ulong physBase = unchecked((ulong)info.RequireDecimal("NUMBER(phys_base)"));
            ulong paddr = unchecked(stext - CoreRewrite.KernelTextMap + physBase);
            KernelImage kernel = KernelImage.Load(source, info);
            ulong memSection = info.RequireSymbol("mem_section");
            Assert.True(kernel.Translator.TryTranslate(memSection, out ulong memSectionPhys), "mem_section does not translate");
            Assert.True(source.Segments.Any(g => g.PhysicalStart <= paddr && paddr + KernelImageBytes <= g.PhysicalStart + g.FileSize), $"the kernel image at 0x{paddr:x} is not inside RAM");
            return (stext, paddr, memSection - memSectionPhys);
        }
    }
}
