using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Common.DumpFormats;
using MakeDumpFile.Kernel;

namespace MakeDumpFile.Filtering
{
    /// <summary>
    /// Walks every section's struct pages and clears the frames the dump level excludes from the
    /// bitmap, counting each rule, with makedumpfile's rules for compound and buddy blocks: a
    /// decision on a head page covers the whole block, tails are skipped, and a block reaching
    /// past a section is still cleared in full.
    /// </summary>
    internal sealed class MemMapWalker
    {
        // makedumpfile reads struct pages 512 at a time (PGMM_CACHED) and never looks at the
        // page after a head when the head is the last of such a window.
        private const int Window = 512;

        private readonly AddressTranslator _vt;
        private readonly PageLayout _layout;
        private readonly PageClassifier _classifier;

        public MemMapWalker(AddressTranslator vt, PageLayout layout, PageClassifier classifier)
        {
            _vt = vt;
            _layout = layout;
            _classifier = classifier;
        }

        public List<string> Warnings { get; } = new List<string>();

        // flags, mapping, private and compound_head are unsigned longs or pointers: 4 bytes on i386.
        private static ulong Word(ReadOnlySpan<byte> data, PageLayout layout) =>
            layout.WordSize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);

        public void Exclude(IReadOnlyList<MemMapSection> sections, PfnBitmap keep, Func<ulong, bool> inSegments, ExclusionCounters counters, Action<int, int>? progress)
        {
            var window = new StructPageWindow(_vt, _layout.StructPageSize, Window);
            for (int si = 0; si < sections.Count; si++)
            {
                progress?.Invoke(si, sections.Count);
                MemMapSection section = sections[si];
                window.StartSection();
                ulong memMap = section.MemMap;
                for (ulong pfn = section.PfnStart; pfn < section.PfnEnd; pfn++, memMap += (ulong)_layout.StructPageSize)
                {
                    if (!inSegments(pfn)) continue;
                    ReadOnlySpan<byte> page = window.Get(pfn, memMap, section.PfnEnd);
                    ulong skipped = ExcludeBlock(window, pfn, page, keep, counters);
                    pfn += skipped;
                    memMap += skipped * (ulong)_layout.StructPageSize;
                }
            }
            progress?.Invoke(sections.Count, sections.Count);
        }

        /// <summary>
        /// Classifies one struct page and clears what it covers; returns how many further frames
        /// that decision covered (a buddy or compound block's tail), which the walk then skips.
        /// </summary>
        private ulong ExcludeBlock(StructPageWindow window, ulong pfn, ReadOnlySpan<byte> page, PfnBitmap keep, ExclusionCounters counters)
        {
            var fields = new StructPageFields(page, _layout);
            Compound compound = ReadCompound(window, pfn, fields);
            PageClass cls = _classifier.Classify(fields.Flags, fields.Mapping, fields.Mapcount, fields.Private, fields.CompoundHead,
                compound.Dtor, compound.HugetlbByType, out bool badOrder);
            if (badOrder)
                Warnings.Add($"WARNING: Invalid free page order: pfn={pfn:x}, order={fields.Private}, max order={_layout.FreeAreaLength - 1}");
            if (cls == PageClass.Keep || cls == PageClass.CompoundTail) return 0;

            // A free block's order is in page->private (set_buddy_order); others use the compound order.
            int order = cls == PageClass.Free ? (int)fields.Private : compound.Order;
            ref ulong counter = ref CounterFor(counters, cls);
            ulong frames = 1UL << order;
            ulong end = Math.Min(pfn + frames, keep.BitCount);
            for (ulong p = pfn; p < end; p++)
            {
                keep[p] = false;
                counter++;
            }
            return frames - 1;
        }

        /// <summary>
        /// A head page's order, compound destructor and hugetlb mark, which the kernel keeps in
        /// the first tail page (include/linux/mm_types.h: struct folio's second page). Zero when
        /// the page is no head, or the tail is outside the window makedumpfile would have read.
        /// </summary>
        private Compound ReadCompound(StructPageWindow window, ulong pfn, StructPageFields fields)
        {
            if ((fields.Flags & _layout.PgHeadMask) == 0 || !window.HasNext(pfn)) return default;
            ReadOnlySpan<byte> next = window.Next(pfn);
            int order = 0;
            ulong dtor = 0;
            bool hugetlbByType = false;
            if (_layout.HugetlbMapcount.HasValue)
            {
                // 6.9+: the order is the low byte of folio->_flags_1; hugetlb is a page_type.
                order = (int)(Word(next.Slice(_layout.FlagsOffset), _layout) & 0xff);
                hugetlbByType = fields.Mapcount == _layout.HugetlbMapcount.Value;
            }
            else if (_layout.PgHugetlb.HasValue)
            {
                ulong flags1 = Word(next.Slice(_layout.FlagsOffset), _layout);
                order = (int)(flags1 & 0xff);
                hugetlbByType = (flags1 & (1UL << _layout.PgHugetlb.Value)) != 0;
            }
            else
            {
                if (_layout.CompoundOrderOffset.HasValue) order = next[_layout.CompoundOrderOffset.Value];
                if (_layout.CompoundDtorOffset.HasValue) dtor = next[_layout.CompoundDtorOffset.Value];
            }
            // An order that does not fit the frame number is not a real head; treat it as one page.
            if (order >= 64 || (pfn & ((1UL << order) - 1)) != 0) order = 0;
            return new Compound(order, dtor, hugetlbByType);
        }

        private static ref ulong CounterFor(ExclusionCounters counters, PageClass cls)
        {
            switch (cls)
            {
                case PageClass.Free: return ref counters.Free;
                case PageClass.Cache: return ref counters.Cache;
                case PageClass.CachePrivate: return ref counters.CachePrivate;
                case PageClass.User: return ref counters.User;
                case PageClass.HwPoison: return ref counters.HwPoison;
                case PageClass.Offline: return ref counters.Offline;
                default: throw new ArgumentOutOfRangeException(nameof(cls), cls, "no counter for a kept page");
            }
        }

        private readonly struct Compound
        {
            public Compound(int order, ulong dtor, bool hugetlbByType)
            {
                Order = order;
                Dtor = dtor;
                HugetlbByType = hugetlbByType;
            }

            public int Order { get; }
            public ulong Dtor { get; }
            public bool HugetlbByType { get; }
        }

        /// <summary>The struct page fields the rules read, at the offsets VMCOREINFO gave.</summary>
        private readonly ref struct StructPageFields
        {
            public StructPageFields(ReadOnlySpan<byte> page, PageLayout layout)
            {
                Flags = Word(page.Slice(layout.FlagsOffset), layout);
                Mapping = Word(page.Slice(layout.MappingOffset), layout);
                Mapcount = layout.MapcountOffset.HasValue ? BinaryPrimitives.ReadInt32LittleEndian(page.Slice(layout.MapcountOffset.Value)) : 0;
                Private = layout.PrivateOffset.HasValue ? Word(page.Slice(layout.PrivateOffset.Value), layout) : 0;
                CompoundHead = layout.CompoundHeadOffset.HasValue ? Word(page.Slice(layout.CompoundHeadOffset.Value), layout) : 0;
            }

            public ulong Flags { get; }
            public ulong Mapping { get; }
            public int Mapcount { get; }
            public ulong Private { get; }
            public ulong CompoundHead { get; }
        }
    }
}
