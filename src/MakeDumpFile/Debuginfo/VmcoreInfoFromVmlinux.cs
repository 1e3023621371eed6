using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MakeDumpFile.Debuginfo
{
    /// <summary>
    /// The VMCOREINFO text makedumpfile 1.7.2's -g writes from a vmlinux (generate_vmcoreinfo(),
    /// write_vmcoreinfo_data()): the entries its get_symbol_info(), get_structure_info() and
    /// get_srcfile_info() find, in the order it writes them, each only when the vmlinux has it.
    /// The same text is what -x VMLINUX gives a dump in place of a -i file. The entries are
    /// those of the VMCOREINFO ABI (Documentation/admin-guide/kdump/vmcoreinfo.rst) that
    /// makedumpfile reads; 1.7.2 does not write the folio, PG_hugetlb, pageflags-size and
    /// *.caller_id entries later releases added, so neither does this.
    /// </summary>
    public static class VmcoreInfoFromVmlinux
    {
        /// <summary>FOUND_ARRAY_TYPE: what 1.7.2 writes as LENGTH(node_data) when node_data is an array of unknown length.</summary>
        public const long FoundArrayType = long.MaxValue - 1;

        private static readonly string[] Symbols =
        {
            "mem_map", "vmem_map", "mem_section", "pkmap_count", "pkmap_count_next", "system_utsname", "init_uts_ns",
            "_stext", "swapper_pg_dir", "init_level4_pgt", "level4_kernel_pgt", "init_top_pgt", "vmlist",
            "vmap_area_list", "node_online_map", "node_states", "node_data", "pgdat_list", "contig_page_data", "prb",
            "clear_seq", "log_buf", "log_buf_len", "log_end", "log_first_idx", "clear_idx", "log_next_idx", "max_pfn",
            "high_memory", "node_remap_start_vaddr", "node_remap_end_vaddr", "node_remap_start_pfn", "vmemmap_list",
            "mmu_psize_defs", "mmu_vmemmap_psize", "cpu_pgd", "demote_segment_4k", "cur_cpu_spec", "free_huge_page",
        };

        private static readonly string[] SizesBeforePrintk =
            { "page", "mem_section", "pglist_data", "zone", "free_area", "list_head", "node_memblk_s" };

        private static readonly string[] OffsetsBeforePrintk =
        {
            "page.flags", "page._refcount", "page.mapping", "page.lru", "page._mapcount", "page.private",
            "page.compound_dtor", "page.compound_order", "page.compound_head", "mem_section.section_mem_map",
            "pglist_data.node_zones", "pglist_data.nr_zones", "pglist_data.node_mem_map", "pglist_data.node_start_pfn",
            "pglist_data.node_spanned_pages", "pglist_data.pgdat_next", "zone.free_pages", "zone.free_area",
            "zone.vm_stat", "zone.spanned_pages", "free_area.free_list", "list_head.next", "list_head.prev",
            "node_memblk_s.start_paddr", "node_memblk_s.size", "node_memblk_s.nid", "vm_struct.addr",
            "vmap_area.va_start", "vmap_area.list",
        };

        private static readonly string[] RingBufferOffsets =
        {
            "printk_ringbuffer.desc_ring", "printk_ringbuffer.text_data_ring", "prb_desc_ring.count_bits",
            "prb_desc_ring.descs", "prb_desc_ring.infos", "prb_desc_ring.head_id", "prb_desc_ring.tail_id",
            "prb_desc.state_var", "prb_desc.text_blk_lpos", "prb_data_blk_lpos.begin", "prb_data_blk_lpos.next",
            "prb_data_ring.size_bits", "prb_data_ring.data", "printk_info.ts_nsec", "printk_info.text_len",
            "atomic_long_t.counter", "latched_seq.val",
        };

        private static readonly string[] OffsetsAfterPrintk =
        {
            "vmemmap_backing.phys", "vmemmap_backing.virt_addr", "vmemmap_backing.list", "mmu_psize_def.shift",
            "cpu_spec.mmu_features", "uts_namespace.name",
        };

        /// <summary>Symbols whose LENGTH() is written when the symbol exists; node_data only says it is an array.</summary>
        private static readonly string[] SymbolLengths = { "pgdat_list", "mem_section", "node_memblk", "node_remap_start_pfn" };

        private static readonly string[] Numbers =
        {
            "NR_FREE_PAGES", "N_ONLINE", "pgtable_l5_enabled", "PG_lru", "PG_private", "PG_head_mask", "PG_swapcache",
            "PG_swapbacked", "PG_buddy", "PG_slab", "PG_hwpoison", "HUGETLB_PAGE_DTOR",
        };

        /// <summary>Every name the generator asks the vmlinux's DWARF about, for <see cref="DebugInfoIndex"/>.</summary>
        public static IEnumerable<string> Names()
        {
            var names = new List<string>(Symbols);
            names.AddRange(SizesBeforePrintk);
            names.AddRange(new[] { "nodemask_t", "printk_ringbuffer", "prb_desc", "printk_info", "latched_seq", "printk_log", "log",
                                   "vmemmap_backing", "mmu_psize_def", "pud_t", "PG_head", "PG_compound", "uts_namespace" });
            foreach (string o in OffsetsBeforePrintk.Concat(RingBufferOffsets).Concat(OffsetsAfterPrintk))
                names.Add(o.Substring(0, o.IndexOf('.')));
            names.AddRange(Numbers);
            return names.Distinct();
        }

        /// <summary>The text -g writes. Throws <see cref="KernelDebugInfoException"/> where 1.7.2 fails.</summary>
        public static string Generate(KernelDebugInfo k, long pageSize)
        {
            var text = new StringBuilder();
            void Line(string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
            void Dec(string key, long? value) { if (value is long v) Line(key, v.ToString(CultureInfo.InvariantCulture)); }

            if (k.Symbol("system_utsname") == null && k.Symbol("init_uts_ns") == null)
                throw new KernelDebugInfoException($"{k.Path}: Can't get the symbol of system_utsname.");
            Line("OSRELEASE", OsRelease(k));
            Line("PAGESIZE", pageSize.ToString(CultureInfo.InvariantCulture));
            if (k.Symbol("mem_section") == null && k.Symbol("mem_map") == null && k.Symbol("node_data") == null
                && k.Symbol("pgdat_list") == null && k.Symbol("contig_page_data") == null)
                throw new KernelDebugInfoException($"{k.Path}: Can't find the memory type.");

            foreach (string s in Symbols)
                if (SymbolValue(k, s) is ulong v) Line($"SYMBOL({s})", v.ToString("x", CultureInfo.InvariantCulture));

            Printk printk = PrintkOf(k);
            foreach (string s in SizesBeforePrintk) Dec($"SIZE({s})", k.StructSize(s));
            Dec("SIZE(nodemask_t)", k.TypedefSize("nodemask_t"));
            if (printk == Printk.RingBuffer)
                foreach (string s in new[] { "printk_ringbuffer", "prb_desc", "printk_info", "latched_seq" }) Dec($"SIZE({s})", k.StructSize(s));
            else if (printk == Printk.Log) Dec("SIZE(printk_log)", k.StructSize("printk_log"));
            else Dec("SIZE(log)", k.StructSize("log"));
            Dec("SIZE(vmemmap_backing)", k.StructSize("vmemmap_backing"));
            Dec("SIZE(mmu_psize_def)", k.StructSize("mmu_psize_def"));

            foreach (string o in OffsetsBeforePrintk)
            {
                if (o == "page._refcount" && Offset(k, o) == null)
                {
                    // Before 4.6 the reference count was page._count; 1.7.2 writes it under that name.
                    Dec("OFFSET(page._count)", Offset(k, "page._count"));
                    continue;
                }
                Dec($"OFFSET({o})", Offset(k, o));
            }
            IEnumerable<string> printkOffsets = printk switch
            {
                Printk.RingBuffer => RingBufferOffsets,
                Printk.Log => new[] { "printk_log.ts_nsec", "printk_log.len", "printk_log.text_len" },
                _ => new[] { "log.ts_nsec", "log.len", "log.text_len" },
            };
            foreach (string o in printkOffsets.Concat(OffsetsAfterPrintk)) Dec($"OFFSET({o})", Offset(k, o));

            if (k.Symbol("node_data") != null && k.SymbolIsArray("node_data") == true)
                Dec("LENGTH(node_data)", FoundArrayType);
            foreach (string s in SymbolLengths)
                if (k.Symbol(s) != null) Dec($"LENGTH({s})", k.SymbolArrayLength(s));
            Dec("LENGTH(zone.free_area)", k.MemberArrayLength("zone", "free_area"));
            Dec("LENGTH(free_area.free_list)", k.MemberArrayLength("free_area", "free_list"));

            foreach (string n in Numbers) Dec($"NUMBER({n})", Number(k, n));

            if (k.TypedefSourceFile("pud_t") is string src) Line("SRCFILE(pud_t)", src);
            return text.ToString();
        }

        private enum Printk { RingBuffer, Log, OldLog }


        private static Printk PrintkOf(KernelDebugInfo k) =>
            k.StructSize("printk_ringbuffer") != null ? Printk.RingBuffer : k.StructSize("printk_log") != null ? Printk.Log : Printk.OldLog;

        private static ulong? SymbolValue(KernelDebugInfo k, string name)
        {
            if (name != "pkmap_count_next") return k.Symbol(name);
            // SYMBOL_INIT_NEXT: the next symbol after pkmap_count (i386 HIGHMEM only).
            return k.Symbol("pkmap_count") is ulong at ? k.Symbols.Next(at) : null;
        }

        private static long? Offset(KernelDebugInfo k, string entry)
        {
            int dot = entry.IndexOf('.');
            return k.MemberOffset(entry.Substring(0, dot), entry.Substring(dot + 1));
        }

        private static long? Number(KernelDebugInfo k, string name)
        {
            long? v = k.EnumNumber(name);
            if (v != null || name != "PG_head_mask") return v;
            // 1.7.2: without a PG_head_mask enumerator, 1 << PG_head (or PG_compound before 2.6.26).
            long? head = k.EnumNumber("PG_head") ?? k.EnumNumber("PG_compound");
            return head is long h && h >= 0 && h < 63 ? 1L << (int)h : null;
        }

        /// <summary>get_str_osrelease_from_vmlinux(): new_utsname.release of init_uts_ns (or system_utsname) in the vmlinux's data.</summary>
        public static string OsRelease(KernelDebugInfo k)
        {
            ulong at = k.Symbol("system_utsname") is ulong sys ? sys
                : k.Symbol("init_uts_ns")!.Value + (ulong)(k.MemberOffset("uts_namespace", "name") ?? 4);
            const int Field = 65; // __NEW_UTS_LEN + 1 (include/uapi/linux/utsname.h)
            byte[] uts = k.ReadVirtual(at, 6 * Field)
                ?? throw new KernelDebugInfoException($"{k.Path}: Can't convert vaddr ({at:x}) of utsname to an offset.");
            int end = Array.IndexOf(uts, (byte)0, 2 * Field, Field);
            return Encoding.ASCII.GetString(uts, 2 * Field, (end < 0 ? 3 * Field : end) - 2 * Field);
        }
    }
}
