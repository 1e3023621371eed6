using System;
using System.Collections.Generic;
using System.Linq;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// The VMCOREINFO entries makedumpfile 1.7.2's read_vmcoreinfo() takes from a -i file, in the
    /// order it reads them (so the first bad value it meets is the one reported). Each is read
    /// only while still unknown (its READ_SYMBOL/READ_MEMBER_OFFSET/... macros), and the printk
    /// entries only for the log format the file's sizes announce. The names were taken from
    /// makedumpfile.c and checked against Debian's 1.7.2 binary one by one: a file with that
    /// entry malformed is refused ("Invalid data") exactly when 1.7.2 reads the entry; 1.7.2
    /// does not read the folio, PG_hugetlb, PAGE_HUGETLB/SLAB_MAPCOUNT_VALUE, RADIX_MMU,
    /// VMALLOC_START and *.caller_id entries that later releases added.
    /// </summary>
    internal static class VmcoreInfoFileKeys
    {
        public enum Kind { Symbol, Long }

        public readonly struct Key
        {
            public Key(string name, Kind kind) { Name = name; Kind = kind; }
            public string Name { get; }
            public Kind Kind { get; }
        }

        private static IEnumerable<Key> Of(Kind kind, string format, string names)
        {
            foreach (string n in names.Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries))
                yield return new Key(string.Format(format, n), kind);
        }

        private static IEnumerable<Key> Symbols(string names) => Of(Kind.Symbol, "SYMBOL({0})", names);
        private static IEnumerable<Key> Sizes(string names) => Of(Kind.Long, "SIZE({0})", names);
        private static IEnumerable<Key> Offsets(string names) => Of(Kind.Long, "OFFSET({0})", names);
        private static IEnumerable<Key> Lengths(string names) => Of(Kind.Long, "LENGTH({0})", names);
        private static IEnumerable<Key> Numbers(string names) => Of(Kind.Long, "NUMBER({0})", names);

        /// <summary>
        /// The entries in read order; <paramref name="known"/> says whether an entry already has a
        /// value (the conditions of read_vmcoreinfo(): page._count only without page._refcount,
        /// the printk entries of printk_ringbuffer, printk_log or the old log structure).
        /// </summary>
        public static IEnumerable<Key> InReadOrder(Func<string, bool> known)
        {
            var keys = new List<Key>();
            keys.AddRange(Symbols(@"mem_map vmem_map mem_section pkmap_count pkmap_count_next system_utsname init_uts_ns _stext
                swapper_pg_dir init_level4_pgt level4_kernel_pgt init_top_pgt vmlist vmap_area_list node_online_map node_states
                node_data pgdat_list contig_page_data prb clear_seq log_buf log_buf_len log_end log_first_idx clear_idx
                log_next_idx max_pfn high_memory node_remap_start_vaddr node_remap_end_vaddr node_remap_start_pfn vmemmap_list
                mmu_psize_defs mmu_vmemmap_psize cpu_pgd demote_segment_4k cur_cpu_spec free_huge_page"));
            keys.AddRange(Sizes("page mem_section pglist_data zone free_area list_head node_memblk_s nodemask_t pageflags vmemmap_backing mmu_psize_def"));
            keys.AddRange(Offsets("page.flags page._refcount"));
            foreach (Key k in keys) yield return k;
            if (!known("OFFSET(page._refcount)")) yield return new Key("OFFSET(page._count)", Kind.Long);
            var rest = new List<Key>();
            rest.AddRange(Offsets(@"page.mapping page.lru page._mapcount page.private page.compound_dtor page.compound_order
                page.compound_head mem_section.section_mem_map pglist_data.node_zones pglist_data.nr_zones pglist_data.node_mem_map
                pglist_data.node_start_pfn pglist_data.node_spanned_pages pglist_data.pgdat_next zone.free_pages zone.free_area
                zone.vm_stat zone.spanned_pages free_area.free_list list_head.next list_head.prev node_memblk_s.start_paddr
                node_memblk_s.size node_memblk_s.nid vm_struct.addr vmap_area.va_start vmap_area.list vmemmap_backing.phys
                vmemmap_backing.virt_addr vmemmap_backing.list mmu_psize_def.shift cpu_spec.mmu_features uts_namespace.name"));
            rest.AddRange(Sizes("printk_log printk_ringbuffer"));
            foreach (Key k in rest) yield return k;
            foreach (Key k in PrintkKeys(known)) yield return k;
            var last = new List<Key>();
            last.AddRange(Lengths("node_data pgdat_list mem_section node_memblk zone.free_area free_area.free_list node_remap_start_pfn"));
            last.AddRange(Numbers(@"NR_FREE_PAGES N_ONLINE pgtable_l5_enabled sme_mask PG_lru PG_private PG_head_mask PG_swapcache
                PG_swapbacked PG_slab PG_buddy PG_hwpoison SECTION_SIZE_BITS MAX_PHYSMEM_BITS"));
            // SRCFILE(pud_t) is read here too, as text that nothing checks.
            last.AddRange(Numbers("PAGE_BUDDY_MAPCOUNT_VALUE PAGE_OFFLINE_MAPCOUNT_VALUE phys_base KERNEL_IMAGE_SIZE HUGETLB_PAGE_DTOR"));
            foreach (Key k in last) yield return k;
        }

        private static IEnumerable<Key> PrintkKeys(Func<string, bool> known)
        {
            if (known("SIZE(printk_ringbuffer)"))
            {
                return Offsets("printk_ringbuffer.desc_ring printk_ringbuffer.text_data_ring prb_desc_ring.count_bits prb_desc_ring.descs prb_desc_ring.infos prb_desc_ring.head_id prb_desc_ring.tail_id")
                    .Concat(Sizes("prb_desc"))
                    .Concat(Offsets("prb_desc.state_var prb_desc.text_blk_lpos prb_data_blk_lpos.begin prb_data_blk_lpos.next prb_data_ring.size_bits prb_data_ring.data"))
                    .Concat(Sizes("printk_info"))
                    .Concat(Offsets("printk_info.ts_nsec printk_info.text_len atomic_long_t.counter"))
                    .Concat(Sizes("latched_seq"))
                    .Concat(Offsets("latched_seq.val"));
            }
            if (known("SIZE(printk_log)")) return Offsets("printk_log.ts_nsec printk_log.len printk_log.text_len");
            return Sizes("log").Concat(Offsets("log.ts_nsec log.len log.text_len"));
        }
    }
}
