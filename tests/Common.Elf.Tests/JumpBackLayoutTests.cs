using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Common.DumpFormats;
using Common.DumpFormats.Jump;
using Common.Vmcore;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>
    /// A's kexec entry list found through the interface A's VMCOREINFO documents
    /// (NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET), SIZE(kimage_entry_t)): an i386 kernel keeps image->head
    /// in the 32-bit word at control page + 0x81c and its entries are 32-bit words, x86_64 at + 0x830
    /// with 64-bit words. The real kernels' values are checked on the bench's vmcores
    /// (VmcoreInfoTests); here the reader follows whatever VMCOREINFO says, and refuses a kernel
    /// that says nothing or nonsense.
    /// </summary>
    public class JumpBackLayoutTests
    {
        private const int Ps = 4096;
        private const ulong Control = 0x844000, Entry = Control + 0xd7, ListPage = 0x849000;
        private const string I386Info = "OSRELEASE=6.12.117+\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=c1a3c000\nNUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=2076\nSIZE(kimage_entry_t)=4\n";
        private const string X86_64Info = "OSRELEASE=6.12.117+\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=ffffffff82a3c000\nNUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=2096\nSIZE(kimage_entry_t)=8\n";
        private const string WithoutInterface = "OSRELEASE=6.12.117+\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=ffffffff82a3c000\n";

        [Fact]
        public void I386ListIsReadFrom32BitWordsWhereVmcoreInfoSays()
        {
            var image = new MemoryImage(I386Info);
            image.Word32(Control + 0x81c, (uint)ListPage | 0x2);
            // Destination 0x1000 with two sources, one page skipped by a zero word, destination 0x2000000 with one.
            uint[] words = { 0x1001, 0x84a008, 0x84b008, 0, 0x2000001, 0x84c008, 0x4 };
            for (int i = 0; i < words.Length; i++) image.Word32(ListPage + (ulong)(i * 4), words[i]);

            JumpBackMap map = JumpBackMap.Read(image, Entry);

            Assert.Equal((ulong)ListPage | 0x2, map.Head);
            Assert.Equal(new[] { (0x1UL, 0x84aUL), (0x2UL, 0x84bUL), (0x2000UL, 0x84cUL) },
                map.Pairs.Select(p => (p.Key, p.Value)).ToArray());
            Assert.True(map.IsSource(0x84b));
            Assert.Equal(EntryListLookup.VmcoreInfoExport, map.Lookup);
            Assert.Null(map.LookupWarning);
        }

        [Fact]
        public void TheOffsetComesFromVmcoreInfoNotFromTheKernelVersion()
        {
            // The same list with its head at another offset, as a reworked relocate_kernel could keep it.
            var image = new MemoryImage(X86_64Info.Replace("=2096", "=3072"));
            image.Word64(Control + 0xc00, ListPage | 0x2);
            ulong[] words = { 0x1001, 0x84a008, 0x4 };
            for (int i = 0; i < words.Length; i++) image.Word64(ListPage + (ulong)(i * 8), words[i]);
            JumpBackMap map = JumpBackMap.Read(image, Entry);
            Assert.Equal(new[] { (0x1UL, 0x84aUL) }, map.Pairs.Select(p => (p.Key, p.Value)).ToArray());
            Assert.Equal(EntryListLookup.VmcoreInfoExport, map.Lookup);
        }

        [Fact]
        public void AnI386ListIsNotReadWithTheX86_64Layout()
        {
            var image = new MemoryImage(X86_64Info);
            image.Word32(Control + 0x81c, (uint)ListPage | 0x2);
            string message = Assert.Throws<DumpFormatException>(() => JumpBackMap.Read(image, Entry)).Message;
            Assert.Contains("+ 0x830", message);
        }

        [Fact]
        public void AKernelWithoutTheInterfaceFallsBackToItsPrivateLayout()
        {
            // The clearly marked fallback (JumpBackMap.Read): a 6.12 x86_64 kernel without the export
            // keeps image->head at + 0x830 (ControlPageLayout).
            var image = new MemoryImage(WithoutInterface);
            image.Word64(Control + 0x830, ListPage | 0x2);
            ulong[] words = { 0x1001, 0x84a008, 0x4 };
            for (int i = 0; i < words.Length; i++) image.Word64(ListPage + (ulong)(i * 8), words[i]);
            JumpBackMap map = JumpBackMap.Read(image, Entry);
            Assert.Equal(new[] { (0x1UL, 0x84aUL) }, map.Pairs.Select(p => (p.Key, p.Value)).ToArray());
            Assert.Equal(EntryListLookup.PrivateLayoutFallback, map.Lookup);
            Assert.Contains("does not export", map.LookupWarning);
            Assert.Contains("+ 0x830", map.LookupWarning);
            string message = Assert.Throws<DumpFormatException>(() => JumpBackLayout.FromVmcoreInfo(VmcoreInfo.Parse(WithoutInterface))).Message;
            Assert.Contains("NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)", message);
            Assert.Throws<DumpFormatException>(() => JumpBackLayout.FromVmcoreInfo(null));
        }

        [Fact]
        public void APartialExportIsRefusedNotPatchedUpByTheFallback()
        {
            // The list is where the private 6.12 layout has it, but A's VMCOREINFO names only the offset.
            var image = new MemoryImage(WithoutInterface + "NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=2096\n");
            image.Word64(Control + 0x830, ListPage | 0x2);
            image.Word64(ListPage, 0x4);
            string message = Assert.Throws<DumpFormatException>(() => JumpBackMap.Read(image, Entry)).Message;
            Assert.Contains("SIZE(kimage_entry_t)", message);
        }

        [Theory]
        [InlineData("NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=2096\nSIZE(kimage_entry_t)=2\n")]
        [InlineData("NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=4096\nSIZE(kimage_entry_t)=8\n")]
        [InlineData("NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=-8\nSIZE(kimage_entry_t)=8\n")]
        [InlineData("NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=2092\nSIZE(kimage_entry_t)=8\n")]
        [InlineData("NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=2096\n")]
        public void ANonsensicalLayoutIsRefused(string entries)
        {
            var info = VmcoreInfo.Parse("OSRELEASE=6.12.117+\n" + entries);
            Assert.Throws<DumpFormatException>(() => JumpBackLayout.FromVmcoreInfo(info));
        }

        [Fact]
        public void I386HeadWithoutIndirectionBitIsRefused()
        {
            var image = new MemoryImage(I386Info);
            image.Word32(Control + 0x81c, 0x849005);
            string message = Assert.Throws<DumpFormatException>(() => JumpBackMap.Read(image, Entry)).Message;
            Assert.Contains("+ 0x81c", message);
        }

        /// <summary>Pages written by the test; every other page of the first 64 MiB reads as zeros.</summary>
        private sealed class MemoryImage : IPageSource
        {
            private readonly Dictionary<ulong, byte[]> _pages = new Dictionary<ulong, byte[]>();

            public MemoryImage(string vmcoreinfo) => VmcoreInfo = VmcoreInfo.Parse(vmcoreinfo);

            public void Word32(ulong address, uint value) =>
                BinaryPrimitives.WriteUInt32LittleEndian(PageOf(address).AsSpan((int)(address % Ps)), value);

            public void Word64(ulong address, ulong value) =>
                BinaryPrimitives.WriteUInt64LittleEndian(PageOf(address).AsSpan((int)(address % Ps)), value);

            private byte[] PageOf(ulong address)
            {
                if (!_pages.TryGetValue(address / Ps, out byte[]? p)) _pages[address / Ps] = p = new byte[Ps];
                return p;
            }

            public int PageSize => Ps;
            public ulong MaxMapNr => 0x4000;
            public IReadOnlyList<PhysicalSegment> Segments => new[] { new PhysicalSegment(0, 0x4000000, 0x4000000, 0, 0xc0000000) };
            public bool HasPage(ulong pfn) => pfn < MaxMapNr;
            public void ReadPage(ulong pfn, Span<byte> destination) => ReadPages(pfn, 1, destination);
            public void ReadPages(ulong firstPfn, int count, Span<byte> destination)
            {
                destination.Slice(0, count * Ps).Clear();
                for (int i = 0; i < count; i++)
                    if (_pages.TryGetValue(firstPfn + (ulong)i, out byte[]? p)) p.CopyTo(destination.Slice(i * Ps));
            }
            public byte[] Notes => Array.Empty<byte>();
            public VmcoreInfo? VmcoreInfo { get; }
            public ulong? HeaderPhysBase => null;
            public int PreviousDumpLevel => 0;
            public ImageOrigin Origin { get; } = new ImageOrigin { Name = "the test image" };
            public void Dispose() { }
        }
    }
}
