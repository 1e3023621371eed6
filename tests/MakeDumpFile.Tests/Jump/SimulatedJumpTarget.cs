using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Common.DumpFormats;
using Common.Vmcore;

namespace MakeDumpFile.Tests.Jump
{
    /// <summary>
    /// What kernel B's /proc/vmcore shows of a real kernel A (the bench's 6.12 vmcore) after a
    /// jump, built the way relocate_kernel_64.S leaves memory (native/README.md, "Layout"
    /// item 5): B's range is not in the core; A's pages from there sit in source pages elsewhere;
    /// A's control page holds image->head where A's VMCOREINFO says (NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET),
    /// 0x830 on our 6.12 x86_64 kernel) and the entry list (IND_DESTINATION 0x1,
    /// IND_INDIRECTION 0x2, IND_DONE 0x4, IND_SOURCE 0x8) lies in pages of its own. Some
    /// destinations are their own source (pages kexec took from A's free memory): B's bytes.
    /// Entry-list words can be changed afterwards to make bad lists.
    /// </summary>
    internal sealed class SimulatedJumpTarget : IPageSource
    {
        private const int Ps = 4096;
        private const ulong StartKernelMap = 0xffffffff80000000UL;

        // B's range: 32 MiB from the 16 MiB boundary below A's kernel (KASLR puts it anywhere),
        // so it holds A's kernel text, data and printk buffer, as with the seed's --mem-min.
        public static readonly ulong KernelPhysical = FindKernel();
        public static readonly ulong RangeB = KernelPhysical & ~0xffffffUL, RangeBEnd = RangeB + 0x2000000;
        // Sources and A's control page/entry list in A's RAM away from B's range and the kernel.
        public static readonly ulong SourceBase = RangeB >= 0x8000000 ? 0x2000000UL : 0x10000000UL;
        public static readonly ulong Control = SourceBase + 0x2100000, Entry = Control + 0xf2;
        public static readonly ulong FirstEntryPage = Control + Ps;
        // Above A's kernel: every 4th page here is kexec's own, where A held nothing (kexec takes
        // them from A's free memory): only pages that are all zeros in A, since KASLR may put A's
        // kernel, and so B's range, under the memory A allocated at the top of its RAM.
        public static readonly ulong OwnFrom = RangeBEnd - 0x100000;
        private static readonly HashSet<ulong> OwnPages = FindOwnPages();

        private static HashSet<ulong> FindOwnPages()
        {
            var own = new HashSet<ulong>();
            using var a = Common.DumpFormats.Elf.ElfCorePageSource.Open(MakeDumpFile.Tests.Support.Fixtures.Ours612Elf);
            var page = new byte[Ps];
            for (ulong d = OwnFrom; d < RangeBEnd; d += 4 * Ps)
            {
                if (!a.HasPage(d / Ps)) continue;
                a.ReadPage(d / Ps, page);
                if (Array.TrueForAll(page, b => b == 0)) own.Add(d);
            }
            return own;
        }

        private static ulong FindKernel()
        {
            using var a = Common.DumpFormats.Elf.ElfCorePageSource.Open(MakeDumpFile.Tests.Support.Fixtures.Ours612Elf);
            ulong stext = Convert.ToUInt64(a.VmcoreInfo!.Get("SYMBOL(_stext)"), 16);
            long physBase = long.Parse(a.VmcoreInfo!.Get("NUMBER(phys_base)")!);
            return (ulong)((long)(stext - StartKernelMap) + physBase);
        }

        /// <summary>Where A keeps image->head in its control page, as A's VMCOREINFO states it.</summary>
        public static readonly ulong HeadOffset = ReadHeadOffset();

        private static ulong ReadHeadOffset()
        {
            using var a = Common.DumpFormats.Elf.ElfCorePageSource.Open(MakeDumpFile.Tests.Support.Fixtures.Ours612Elf);
            return (ulong)Common.DumpFormats.Jump.JumpBackLayout.FromVmcoreInfo(a.VmcoreInfo).HeadOffset;
        }

        private readonly IPageSource _a;
        private readonly Dictionary<ulong, byte[]> _pages = new Dictionary<ulong, byte[]>();
        private readonly List<PhysicalSegment> _segments = new List<PhysicalSegment>();

        public SimulatedJumpTarget(IPageSource a)
        {
            _a = a;
            foreach (PhysicalSegment s in a.Segments)
            {
                // Cut B's range out of A's RAM loads (and drop the kernel-text load there).
                ulong start = s.PhysicalStart, end = s.PhysicalStart + s.FileSize;
                if (s.VirtualStart >= 0xffffffff80000000UL && start < RangeBEnd && RangeB < end) continue;
                if (end <= RangeB || start >= RangeBEnd) { _segments.Add(s); continue; }
                if (start < RangeB) _segments.Add(new PhysicalSegment(start, RangeB - start, RangeB - start, -1, s.VirtualStart));
                if (end > RangeBEnd) _segments.Add(new PhysicalSegment(RangeBEnd, end - RangeBEnd, end - RangeBEnd, -1, s.VirtualStart + (RangeBEnd - start)));
            }
            // Sources: A's B-range pages in reverse order, so a wrong mapping shows.
            var entries = new List<ulong> { RangeB | 0x1 };
            ulong pages = (RangeBEnd - RangeB) / Ps;
            for (ulong k = 0; k < pages; k++)
            {
                ulong d = RangeB + k * Ps;
                if (IsOwn(d)) { entries.Add(d | 0x8); continue; }
                ulong src = SourceOf(k, pages);
                var bytes = new byte[Ps];
                a.ReadPage(d / Ps, bytes);
                _pages[src / Ps] = bytes;
                entries.Add(src | 0x8);
            }
            entries.Add(0x4);
            // Pack into entry pages of 511 words and a link in the last slot, as kimage_add_entry does.
            ulong page = FirstEntryPage;
            int slot = 0;
            byte[] current = NewPage(page);
            SetWord(Control + HeadOffset, FirstEntryPage | 0x2);
            foreach (ulong w in entries)
            {
                if (slot == 511)
                {
                    ulong next = page + Ps;
                    BinaryPrimitives.WriteUInt64LittleEndian(current.AsSpan(slot * 8), next | 0x2);
                    page = next;
                    current = NewPage(page);
                    slot = 0;
                }
                BinaryPrimitives.WriteUInt64LittleEndian(current.AsSpan(slot * 8), w);
                slot++;
            }
            EntryPages = (int)((page - FirstEntryPage) / Ps) + 1;
        }

        public int EntryPages { get; }

        public static bool IsOwn(ulong address) => OwnPages.Contains(address);

        public static int OwnCount => OwnPages.Count;

        public static ulong SourceOf(ulong k, ulong pages) => SourceBase + (pages - 1 - k) * Ps;

        private byte[] NewPage(ulong address)
        {
            var p = new byte[Ps];
            _pages[address / Ps] = p;
            return p;
        }

        /// <summary>Overwrites one quadword of B's view (control page or entry list).</summary>
        public void SetWord(ulong address, ulong value)
        {
            ulong pfn = address / Ps;
            if (!_pages.TryGetValue(pfn, out byte[]? p))
            {
                p = new byte[Ps];
                _a.ReadPage(pfn, p);
                _pages[pfn] = p;
            }
            BinaryPrimitives.WriteUInt64LittleEndian(p.AsSpan((int)(address % Ps)), value);
        }

        public int PageSize => Ps;
        public ulong MaxMapNr => _a.MaxMapNr;
        public ImageOrigin Origin => _a.Origin;
        public IReadOnlyList<PhysicalSegment> Segments => _segments;
        public byte[] Notes => _a.Notes;
        public VmcoreInfo? VmcoreInfo => _a.VmcoreInfo;
        public ulong? HeaderPhysBase => null;
        public int PreviousDumpLevel => 0;

        public bool HasPage(ulong pfn)
        {
            ulong at = pfn * Ps;
            if (at >= RangeB && at < RangeBEnd) return false;
            return _pages.ContainsKey(pfn) || _a.HasPage(pfn);
        }

        public void ReadPage(ulong pfn, Span<byte> destination) => ReadPages(pfn, 1, destination);

        public void ReadPages(ulong firstPfn, int count, Span<byte> destination)
        {
            for (int i = 0; i < count; i++)
            {
                ulong pfn = firstPfn + (ulong)i;
                Span<byte> d = destination.Slice(i * Ps, Ps);
                if (!HasPage(pfn)) d.Clear();
                else if (_pages.TryGetValue(pfn, out byte[]? p)) p.CopyTo(d);
                else _a.ReadPage(pfn, d);
            }
        }

        public void Dispose() { }
    }
}
