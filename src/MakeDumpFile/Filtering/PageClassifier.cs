using MakeDumpFile.Kernel;

namespace MakeDumpFile.Filtering
{
    /// <summary>What a struct page says about its frame, in the order makedumpfile tests it.</summary>
    internal enum PageClass
    {
        Keep,
        CompoundTail,
        Free,
        Cache,
        CachePrivate,
        User,
        HwPoison,
        Offline,
    }

    /// <summary>
    /// The tests of makedumpfile's __exclude_unnecessary_pages() (makedumpfile.c), written from
    /// its documented behaviour: buddy pages by page_type (_mapcount), page cache by PG_lru or
    /// PG_swapcache with PG_swapbacked, anonymous pages by PAGE_MAPPING_ANON in mapping,
    /// hugetlb by compound destructor (before 6.6), PG_hugetlb (6.6-6.8) or page_type (6.9+).
    /// </summary>
    internal sealed class PageClassifier
    {
        private const ulong PageMappingAnon = 1;
        private readonly PageLayout _l;
        private readonly int _dumpLevel;

        public PageClassifier(PageLayout layout, int dumpLevel)
        {
            _l = layout;
            _dumpLevel = dumpLevel;
            BuddyKnown = layout.PrivateOffset.HasValue && layout.MapcountOffset.HasValue && layout.BuddyMapcount.HasValue;
        }

        /// <summary>True when free pages can be recognised from struct page alone (page_is_buddy_v3).</summary>
        public bool BuddyKnown { get; }

        /// <summary>Whether the mem_map walk is needed at all for this dump level (create_2nd_bitmap()).</summary>
        public bool WalkNeeded =>
            (_dumpLevel & (DumpLevel.Cache | DumpLevel.CachePrivate | DumpLevel.User)) != 0
            || _l.PgHwPoison.HasValue
            || ((_dumpLevel & DumpLevel.Free) != 0 && BuddyKnown);

        // makedumpfile's test_bit() builds an int mask from (nr & 31); bit 31 sign-extends.
        private static bool TestBit(int? nr, ulong flags)
        {
            if (!nr.HasValue) return false;
            ulong mask = unchecked((ulong)(long)(1 << (nr.Value & 0x1f)));
            return (flags & mask) != 0;
        }

        private bool IsSlab(ulong flags, int mapcount)
        {
            if (_l.SlabMapcount.HasValue && mapcount == _l.SlabMapcount.Value) return true;
            return _l.PgSlab.HasValue && (flags & (1UL << _l.PgSlab.Value)) != 0;
        }

        private bool IsAnon(ulong mapping, ulong flags, int mapcount) =>
            (mapping & PageMappingAnon) != 0 && !IsSlab(flags, mapcount);

        private bool IsCachePage(ulong flags)
        {
            if (TestBit(_l.PgLru, flags)) return true;
            return (!_l.PgSwapBacked.HasValue || TestBit(_l.PgSwapBacked, flags)) && TestBit(_l.PgSwapCache, flags);
        }

        public bool IsHugetlbDtor(ulong dtor, bool hugetlbByType) =>
            hugetlbByType
            || (_l.HugetlbDtor.HasValue && (ulong)_l.HugetlbDtor.Value == dtor)
            || (_l.FreeHugePageSymbol.HasValue && _l.FreeHugePageSymbol.Value == dtor);

        /// <summary>
        /// Classifies one head or single page. <paramref name="order"/> is the number of frames
        /// the decision covers, as a power of two (a free buddy block or a compound page).
        /// </summary>
        public PageClass Classify(ulong flags, ulong mapping, int mapcount, ulong privateValue, ulong compoundHead,
                                  ulong compoundDtor, bool hugetlbByType, out bool invalidFreeOrder)
        {
            invalidFreeOrder = false;
            if ((compoundHead & 1) != 0) return PageClass.CompoundTail;
            if ((_dumpLevel & DumpLevel.Free) != 0 && BuddyKnown && !IsSlab(flags, mapcount) && mapcount == _l.BuddyMapcount!.Value)
            {
                if (_l.FreeAreaLength.HasValue && privateValue >= (ulong)_l.FreeAreaLength.Value)
                {
                    invalidFreeOrder = true;
                    return PageClass.Keep;
                }
                return PageClass.Free;
            }
            if ((_dumpLevel & DumpLevel.Free) != 0 && _l.UnacceptedMapcount.HasValue && mapcount == _l.UnacceptedMapcount.Value)
                return PageClass.Free;
            bool cache = IsCachePage(flags);
            bool anon = IsAnon(mapping, flags, mapcount);
            if ((_dumpLevel & DumpLevel.Cache) != 0 && cache && !TestBit(_l.PgPrivate, flags) && !anon)
                return PageClass.Cache;
            if ((_dumpLevel & DumpLevel.CachePrivate) != 0 && cache && !anon)
                return TestBit(_l.PgPrivate, flags) ? PageClass.CachePrivate : PageClass.Cache;
            if ((_dumpLevel & DumpLevel.User) != 0 && (anon || IsHugetlbDtor(compoundDtor, hugetlbByType)))
                return PageClass.User;
            if (_l.PgHwPoison.HasValue && TestBit(_l.PgHwPoison, flags))
                return PageClass.HwPoison;
            if (_l.OfflineMapcount.HasValue && !IsSlab(flags, mapcount) && mapcount == _l.OfflineMapcount.Value)
                return PageClass.Offline;
            return PageClass.Keep;
        }
    }
}
