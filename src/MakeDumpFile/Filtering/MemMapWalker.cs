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
        private ulong Word(ReadOnlySpan<byte> data) =>
            _layout.WordSize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);

        public void Exclude(IReadOnlyList<MemMapSection> sections, PfnBitmap keep, Func<ulong, bool> inSegments, ExclusionCounters counters, Action<int, int>? progress)
        {
            int size = _layout.StructPageSize;
            var cache = new byte[size * Window];
            for (int si = 0; si < sections.Count; si++)
            {
                progress?.Invoke(si, sections.Count);
                MemMapSection sec = sections[si];
                ulong readStart = ulong.MaxValue, readEnd = 0;
                ulong memMap = sec.MemMap;
                for (ulong pfn = sec.PfnStart; pfn < sec.PfnEnd; pfn++, memMap += (ulong)size)
                {
                    if (!inSegments(pfn)) continue;
                    int index = (int)(pfn % Window);
                    if (pfn < readStart || pfn > readEnd)
                    {
                        ulong count = Math.Min((ulong)(Window - index), sec.PfnEnd - pfn);
                        if (!_vt.TryReadVirtual(memMap, cache.AsSpan(index * size, (int)count * size)))
                            throw new KernelDataException($"cannot read struct page of pfn 0x{pfn:x} at 0x{memMap:x}: mem_map is not in the image");
                        readStart = pfn;
                        readEnd = pfn + count - 1;
                    }
                    ReadOnlySpan<byte> page = cache.AsSpan(index * size, size);
                    ulong flags = Word(page.Slice(_layout.FlagsOffset));
                    ulong mapping = Word(page.Slice(_layout.MappingOffset));
                    int mapcount = _layout.MapcountOffset.HasValue ? BinaryPrimitives.ReadInt32LittleEndian(page.Slice(_layout.MapcountOffset.Value)) : 0;
                    ulong priv = _layout.PrivateOffset.HasValue ? Word(page.Slice(_layout.PrivateOffset.Value)) : 0;
                    ulong head = _layout.CompoundHeadOffset.HasValue ? Word(page.Slice(_layout.CompoundHeadOffset.Value)) : 0;

                    int order = 0;
                    ulong dtor = 0;
                    bool hugetlbByType = false;
                    if (index < Window - 1 && (flags & _layout.PgHeadMask) != 0 && pfn + 1 <= readEnd)
                    {
                        ReadOnlySpan<byte> next = cache.AsSpan((index + 1) * size, size);
                        if (_layout.HugetlbMapcount.HasValue)
                        {
                            // 6.9+: the order is the low byte of folio->_flags_1; hugetlb is a page_type.
                            order = (int)(Word(next.Slice(_layout.FlagsOffset)) & 0xff);
                            hugetlbByType = mapcount == _layout.HugetlbMapcount.Value;
                        }
                        else if (_layout.PgHugetlb.HasValue)
                        {
                            ulong flags1 = Word(next.Slice(_layout.FlagsOffset));
                            order = (int)(flags1 & 0xff);
                            hugetlbByType = (flags1 & (1UL << _layout.PgHugetlb.Value)) != 0;
                        }
                        else
                        {
                            if (_layout.CompoundOrderOffset.HasValue) order = next[_layout.CompoundOrderOffset.Value];
                            if (_layout.CompoundDtorOffset.HasValue) dtor = next[_layout.CompoundDtorOffset.Value];
                        }
                        if (order >= 64 || (pfn & ((1UL << order) - 1)) != 0) order = 0;
                    }

                    PageClass cls = _classifier.Classify(flags, mapping, mapcount, priv, head, dtor, hugetlbByType, out bool badOrder);
                    if (badOrder)
                        Warnings.Add($"WARNING: Invalid free page order: pfn={pfn:x}, order={priv}, max order={_layout.FreeAreaLength - 1}");
                    ref ulong counter = ref counters.Zero;
                    switch (cls)
                    {
                        case PageClass.Keep:
                        case PageClass.CompoundTail:
                            continue;
                        case PageClass.Free: counter = ref counters.Free; order = (int)priv; break;
                        case PageClass.Cache: counter = ref counters.Cache; break;
                        case PageClass.CachePrivate: counter = ref counters.CachePrivate; break;
                        case PageClass.User: counter = ref counters.User; break;
                        case PageClass.HwPoison: counter = ref counters.HwPoison; break;
                        case PageClass.Offline: counter = ref counters.Offline; break;
                    }
                    ulong nr = 1UL << order;
                    if (nr == 1)
                    {
                        keep[pfn] = false;
                        counter++;
                        continue;
                    }
                    ulong end = Math.Min(pfn + nr, keep.BitCount);
                    for (ulong p = pfn; p < end; p++)
                    {
                        keep[p] = false;
                        counter++;
                    }
                    pfn += nr - 1;
                    memMap += (nr - 1) * (ulong)size;
                }
            }
            progress?.Invoke(sections.Count, sections.Count);
        }
    }
}
