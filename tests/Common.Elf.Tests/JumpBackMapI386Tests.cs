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
    /// A's kexec entry list as an i386 kernel leaves it (relocate_kernel_32.S: image->head is the
    /// 32-bit word at control page + 0x81c, entries are 32-bit words), chosen from VMCOREINFO.
    /// </summary>
    public class JumpBackMapI386Tests
    {
        private const int Ps = 4096;
        private const ulong Control = 0x844000, Entry = Control + 0xd7, ListPage = 0x849000;
        private const string I386Info = "OSRELEASE=6.12.117+\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=c1a3c000\n";
        private const string X86_64Info = "OSRELEASE=6.12.117+\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=ffffffff82a3c000\nSYMBOL(init_top_pgt)=ffffffff82a3c000\n";

        [Fact]
        public void I386ListIsReadFrom32BitWordsAt0x81c()
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
        }

        [Fact]
        public void X86_64ImageIsNotReadAsI386()
        {
            Assert.True(JumpBackMap.IsI386(VmcoreInfo.Parse(I386Info)));
            Assert.False(JumpBackMap.IsI386(VmcoreInfo.Parse(X86_64Info)));
            Assert.False(JumpBackMap.IsI386(null));
            // The i386 list read with the x86_64 layout: no list head at + 0x830.
            var image = new MemoryImage(X86_64Info);
            image.Word32(Control + 0x81c, (uint)ListPage | 0x2);
            Assert.Throws<DumpFormatException>(() => JumpBackMap.Read(image, Entry));
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

            public void Word32(ulong address, uint value)
            {
                if (!_pages.TryGetValue(address / Ps, out byte[]? p)) _pages[address / Ps] = p = new byte[Ps];
                BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan((int)(address % Ps)), value);
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
            public void Dispose() { }
        }
    }
}
