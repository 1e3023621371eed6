using System;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// Where struct page keeps what the filter needs, and the page-flag and page_type numbers,
    /// all from VMCOREINFO (kernel/vmcore_info.c; kernel/crash_core.c before 6.7). Values that
    /// cannot be right are refused here rather than misread later.
    /// </summary>
    internal sealed class PageLayout
    {
        public int StructPageSize { get; private set; }
        public int FlagsOffset { get; private set; }
        public int RefcountOffset { get; private set; }
        public int MappingOffset { get; private set; }
        public int? MapcountOffset { get; private set; }
        public int? PrivateOffset { get; private set; }
        public int? CompoundHeadOffset { get; private set; }
        public int? CompoundOrderOffset { get; private set; }
        public int? CompoundDtorOffset { get; private set; }

        public int? PgLru { get; private set; }
        public int? PgPrivate { get; private set; }
        public int? PgSwapCache { get; private set; }
        public int? PgSwapBacked { get; private set; }
        public int? PgSlab { get; private set; }
        public int? PgHwPoison { get; private set; }
        public int? PgHugetlb { get; private set; }
        public ulong PgHeadMask { get; private set; }
        public int? BuddyMapcount { get; private set; }
        public int? OfflineMapcount { get; private set; }
        public int? SlabMapcount { get; private set; }
        public int? HugetlbMapcount { get; private set; }
        public int? UnacceptedMapcount { get; private set; }
        public long? HugetlbDtor { get; private set; }
        public ulong? FreeHugePageSymbol { get; private set; }
        public int? FreeAreaLength { get; private set; }

        /// <summary>sizeof(unsigned long) and of pointers in struct page: 8 on x86_64, 4 on i386.</summary>
        public int WordSize { get; private set; } = 8;

        public static PageLayout FromVmcoreInfo(VmcoreInfo info, int wordSize = 8)
        {
            var l = new PageLayout
            {
                WordSize = wordSize,
                StructPageSize = (int)VmcoreInfoRange.Require(info, "SIZE(page)", 16, 512),
                FlagsOffset = (int)VmcoreInfoRange.Require(info, "OFFSET(page.flags)", 0, 504),
                RefcountOffset = (int)VmcoreInfoRange.Require(info, "OFFSET(page._refcount)", 0, 508),
                MappingOffset = (int)VmcoreInfoRange.Require(info, "OFFSET(page.mapping)", 0, 504),
                MapcountOffset = VmcoreInfoRange.Optional(info, "OFFSET(page._mapcount)", 0, 508),
                PrivateOffset = VmcoreInfoRange.Optional(info, "OFFSET(page.private)", 0, 504),
                CompoundHeadOffset = VmcoreInfoRange.Optional(info, "OFFSET(page.compound_head)", 0, 504),
                CompoundOrderOffset = VmcoreInfoRange.Optional(info, "OFFSET(page.compound_order)", 0, 511),
                CompoundDtorOffset = VmcoreInfoRange.Optional(info, "OFFSET(page.compound_dtor)", 0, 511),
                PgLru = VmcoreInfoRange.Optional(info, "NUMBER(PG_lru)", 0, 63),
                PgPrivate = VmcoreInfoRange.Optional(info, "NUMBER(PG_private)", 0, 63),
                PgSwapCache = VmcoreInfoRange.Optional(info, "NUMBER(PG_swapcache)", 0, 63),
                PgSwapBacked = VmcoreInfoRange.Optional(info, "NUMBER(PG_swapbacked)", 0, 63),
                PgSlab = VmcoreInfoRange.Optional(info, "NUMBER(PG_slab)", 0, 63),
                PgHwPoison = VmcoreInfoRange.Optional(info, "NUMBER(PG_hwpoison)", 0, 63),
                PgHugetlb = VmcoreInfoRange.Optional(info, "NUMBER(PG_hugetlb)", 0, 63),
                BuddyMapcount = OptionalInt(info, "NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)"),
                OfflineMapcount = OptionalInt(info, "NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)"),
                SlabMapcount = OptionalInt(info, "NUMBER(PAGE_SLAB_MAPCOUNT_VALUE)"),
                HugetlbMapcount = OptionalInt(info, "NUMBER(PAGE_HUGETLB_MAPCOUNT_VALUE)"),
                UnacceptedMapcount = OptionalInt(info, "NUMBER(PAGE_UNACCEPTED_MAPCOUNT_VALUE)"),
                HugetlbDtor = info.Decimal("NUMBER(HUGETLB_PAGE_DTOR)"),
                FreeHugePageSymbol = info.Symbol("free_huge_page"),
                FreeAreaLength = VmcoreInfoRange.Optional(info, "LENGTH(zone.free_area)", 1, 64),
            };
            long head = info.Decimal("NUMBER(PG_head_mask)") ?? 0;
            l.PgHeadMask = unchecked((ulong)head);
            if (l.PgHeadMask != 0 && (l.PgHeadMask & (l.PgHeadMask - 1)) != 0)
                throw new KernelDataException($"VMCOREINFO NUMBER(PG_head_mask)={head} is not a single bit");
            int size = l.StructPageSize;
            int w = wordSize;
            foreach (int? off in new[] { (int?)l.FlagsOffset + w, l.MappingOffset + w, l.RefcountOffset + 4,
                                         l.MapcountOffset + 4, l.PrivateOffset + w, l.CompoundHeadOffset + w,
                                         l.CompoundOrderOffset + 1, l.CompoundDtorOffset + 1 })
                if (off.HasValue && off.Value > size)
                    throw new KernelDataException($"VMCOREINFO places a struct page member past SIZE(page)={size}");
            return l;
        }

        private static int? OptionalInt(VmcoreInfo info, string key)
        {
            long? v;
            try { v = info.Decimal(key); }
            catch (FormatException e) { throw new KernelDataException(e.Message); }
            if (!v.HasValue) return null;
            // page_type/mapcount values are 32-bit; 6.12 prints them as positive (PGTY << 24).
            if (v.Value < int.MinValue || v.Value > uint.MaxValue)
                throw new KernelDataException($"VMCOREINFO {key}={v.Value} does not fit in 32 bits");
            return unchecked((int)(uint)(v.Value & 0xffffffffL));
        }
    }
}
