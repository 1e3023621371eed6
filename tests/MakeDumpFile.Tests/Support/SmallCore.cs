using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using Common.DumpFormats;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// A small ELF64 x86_64 core both makedumpfiles read at -d 0 and 1 (no VMCOREINFO): one
    /// PT_NOTE with a zeroed NT_PRSTATUS (1.7.2 insists on a PT_NOTE) and one PT_LOAD of 64
    /// pages at 1 MiB, numbered in their words, every fourth page zero.
    /// </summary>
    internal static class SmallCore
    {
        public const int PageSize = 4096;
        public const int Pages = 64;
        public const ulong Base = 0x100000;
        private const int DataAt = 0x1000;
        private const int PrStatusSize = 336; // sizeof(struct elf_prstatus) on x86_64

        public static void Write(string path)
        {
            var file = new byte[DataAt + Pages * PageSize];
            Span<byte> h = file;
            h[0] = 0x7f; h[1] = (byte)'E'; h[2] = (byte)'L'; h[3] = (byte)'F';
            h[4] = 2; h[5] = 1; h[6] = 1;                                   // ELFCLASS64, little-endian, EV_CURRENT
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(16), 4);       // ET_CORE
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(18), 62);      // EM_X86_64
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(20), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(32), 64);      // e_phoff
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(52), 64);      // e_ehsize
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(54), 56);      // e_phentsize
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(56), 2);       // e_phnum
            int noteAt = 64 + 2 * 56;
            int noteSize = 12 + 8 + PrStatusSize;
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(noteAt), 5);   // namesz "CORE\0"
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(noteAt + 4), PrStatusSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(noteAt + 8), 1); // NT_PRSTATUS
            Encoding.ASCII.GetBytes("CORE").CopyTo(h.Slice(noteAt + 12));
            Phdr(h.Slice(64), 4, 0, (ulong)noteAt, 0, 0, (ulong)noteSize);
            Phdr(h.Slice(64 + 56), 1, 7, DataAt, 0xffff888000000000UL + Base, Base, Pages * PageSize);
            for (int p = 0; p < Pages; p++)
                if (p % 4 != 3)
                    for (int i = 0; i < PageSize; i += 8)
                        BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(DataAt + p * PageSize + i), (ulong)(p * 1000 + i + 1));
            File.WriteAllBytes(path, file);
        }

        private static void Phdr(Span<byte> ph, uint type, uint flags, ulong offset, ulong vaddr, ulong paddr, ulong size)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(ph, type);
            BinaryPrimitives.WriteUInt32LittleEndian(ph.Slice(4), flags);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(8), offset);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(16), vaddr);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(24), paddr);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(32), size);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(40), size);
        }

        /// <summary>The 64 pages as a dump holds them (absent pages read as zeros).</summary>
        public static byte[][] PagesOf(string dump)
        {
            using IPageSource s = DumpInput.Open(dump);
            var pages = new byte[Pages][];
            for (int p = 0; p < Pages; p++)
            {
                ulong pfn = Base / PageSize + (ulong)p;
                pages[p] = new byte[PageSize];
                if (s.HasPage(pfn)) s.ReadPage(pfn, pages[p]);
            }
            return pages;
        }
    }
}
