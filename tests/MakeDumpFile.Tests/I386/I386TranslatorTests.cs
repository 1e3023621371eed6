using TestSupport;
using Common.DumpFormats.Elf;
using Common.Vmcore;
using MakeDumpFile.Kernel;
using Xunit;

namespace MakeDumpFile.Tests.I386
{
    /// <summary>
    /// The i386 page-table walks (2-level with 4-byte entries, PAE with 8-byte entries) on the
    /// real page tables of the bench's guests agree with the linear lowmem map everywhere in lowmem.
    /// </summary>
    [Collection("vmcore")]
    public sealed class I386TranslatorTests
    {
        [Theory]
        [InlineData("i386", false)]
        [InlineData("i386-pae", true)]
        public void PageTablesMapLowmemLinearly(string flavour, bool pae)
        {
            VmcoreFixture f = I386Vmcores.Get(flavour);
            using var src = ElfCorePageSource.Open(f.Elf);
            VmcoreInfo info = src.VmcoreInfo!;
            KernelImage k = KernelImage.Load(src, info);
            var t = Assert.IsType<I386AddressTranslator>(k.Translator);
            Assert.Equal(pae, t.Pae);
            Assert.Equal(0xC0000000UL, t.PageOffset);
            Assert.Equal(4, t.PointerSize);
            // The kernel's own symbols, then every MiB of lowmem the guest had (LowTotal).
            ulong lowEnd = t.PageOffset + (ulong)Support.Fixtures.MemInfoKiB(f.MemInfo, "LowTotal") * 1024;
            int checkedAddresses = 0;
            foreach (string sym in new[] { "swapper_pg_dir", "_stext", "mem_map", "contig_page_data", "prb", "init_uts_ns" })
            {
                ulong v = info.Symbol(sym)!.Value;
                Assert.True(t.TryWalkPageTables(v, out ulong p), $"{sym} 0x{v:x} is not mapped");
                Assert.Equal(v - t.PageOffset, p);
                checkedAddresses++;
            }
            for (ulong v = t.PageOffset + 0x123; v < lowEnd; v += 1 << 20)
            {
                Assert.True(t.TryWalkPageTables(v, out ulong p), $"lowmem 0x{v:x} is not mapped");
                Assert.Equal(v - t.PageOffset, p);
                checkedAddresses++;
            }
            Assert.True(checkedAddresses > 400, $"only {checkedAddresses} addresses checked");
            // User space is not mapped in swapper_pg_dir.
            Assert.False(t.TryWalkPageTables(0x08048000, out _));
        }
    }
}
