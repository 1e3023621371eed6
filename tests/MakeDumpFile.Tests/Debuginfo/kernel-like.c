/*
 * A program laid out like the kernel structures makedumpfile's -g asks about (struct page
 * with its anonymous unions, the printk ring buffer, uts_namespace, the enums), compiled by
 * VmlinuxFromGccTests with each DWARF version and word size. Run, it prints the VMCOREINFO
 * lines its own compiler's sizeof/offsetof give, which our -g must write from its DWARF.
 */
#include <stddef.h>
#include <stdio.h>

struct list_head { struct list_head *next, *prev; };

struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
			void *mapping;
			unsigned long index;
			unsigned long private;
		};
		struct {
			unsigned long compound_head;
			unsigned char compound_dtor;
			unsigned char compound_order;
		};
	};
	union {
		int _mapcount;
		unsigned int page_type;
	};
	int _refcount;
	unsigned long memcg_data;
};

struct free_area { struct list_head free_list[5]; unsigned long nr_free; };
struct zone {
	unsigned long watermark[4];
	unsigned long spanned_pages;
	struct free_area free_area[11];
	long vm_stat[12];
};
struct pglist_data {
	struct zone node_zones[4];
	int nr_zones;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
};
struct mem_section { unsigned long section_mem_map; unsigned long *usage; };
typedef struct { long counter; } atomic_long_t;
struct prb_data_blk_lpos { unsigned long begin, next; };
struct prb_desc { atomic_long_t state_var; struct prb_data_blk_lpos text_blk_lpos; };
struct printk_info { unsigned long long seq; unsigned long long ts_nsec; unsigned short text_len; };
struct prb_desc_ring {
	unsigned int count_bits;
	struct prb_desc *descs;
	struct printk_info *infos;
	atomic_long_t head_id, tail_id;
};
struct prb_data_ring { unsigned int size_bits; char *data; };
struct printk_ringbuffer { struct prb_desc_ring desc_ring; struct prb_data_ring text_data_ring; };
struct latched_seq { unsigned long seqcount; unsigned long long val[2]; };
struct new_utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };
struct uts_namespace { int kref; struct new_utsname name; };
typedef struct { unsigned long bits[2]; } nodemask_t;
typedef struct { unsigned long pud; } pud_t;

enum pageflags { PG_locked, PG_referenced, PG_uptodate, PG_dirty, PG_lru, PG_active, PG_workingset,
	PG_waiters, PG_error, PG_slab, PG_owner_priv_1, PG_arch_1, PG_reserved, PG_private,
	PG_private_2, PG_writeback, PG_head, PG_mappedtodisk, PG_reclaim, PG_swapbacked,
	PG_unevictable, PG_mlocked, PG_uncached, PG_hwpoison, PG_swapcache = PG_owner_priv_1 };
enum zone_stat_item { NR_FREE_PAGES, NR_ZONE_LRU_BASE };
enum node_states { N_POSSIBLE, N_ONLINE, N_NORMAL_MEMORY };
enum compound_dtor_id { NULL_COMPOUND_DTOR, COMPOUND_PAGE_DTOR, HUGETLB_PAGE_DTOR };

struct uts_namespace init_uts_ns = { 1, { "Linux", "bench", "9.8.7-gcc", "#1", "x86_64", "(none)" } };
struct mem_section **mem_section;
struct pglist_data *node_data[4];
struct printk_ringbuffer *prb;
unsigned long max_pfn;
void *high_memory;
nodemask_t node_states[3];
pud_t level4_kernel_pgt[512];
struct page a_page;
struct zone a_zone;
struct latched_seq clear_seq;
enum pageflags a_flag;
enum zone_stat_item a_stat;
enum node_states a_state;
enum compound_dtor_id a_dtor;

#define OFF(s, m) printf("OFFSET(%s.%s)=%ld\n", #s, #m, (long)offsetof(struct s, m))
#define SZ(s) printf("SIZE(%s)=%ld\n", #s, (long)sizeof(struct s))
#define SYM(x) printf("SYMBOL(%s)=%lx\n", #x, (unsigned long)&x)

int main(void)
{
	printf("OSRELEASE=%s\n", init_uts_ns.name.release);
	SYM(mem_section); SYM(init_uts_ns); SYM(level4_kernel_pgt); SYM(node_states);
	SYM(node_data); SYM(prb); SYM(clear_seq); SYM(max_pfn); SYM(high_memory);
	SZ(page); SZ(mem_section); SZ(pglist_data); SZ(zone); SZ(free_area); SZ(list_head);
	printf("SIZE(nodemask_t)=%ld\n", (long)sizeof(nodemask_t));
	SZ(printk_ringbuffer); SZ(prb_desc); SZ(printk_info); SZ(latched_seq);
	OFF(page, flags); OFF(page, _refcount); OFF(page, mapping); OFF(page, lru); OFF(page, _mapcount);
	OFF(page, private); OFF(page, compound_dtor); OFF(page, compound_order); OFF(page, compound_head);
	OFF(mem_section, section_mem_map); OFF(pglist_data, node_zones); OFF(pglist_data, nr_zones);
	OFF(pglist_data, node_start_pfn); OFF(pglist_data, node_spanned_pages); OFF(zone, free_area);
	OFF(zone, vm_stat); OFF(zone, spanned_pages); OFF(free_area, free_list); OFF(list_head, next);
	OFF(list_head, prev); OFF(printk_ringbuffer, desc_ring); OFF(printk_ringbuffer, text_data_ring);
	OFF(prb_desc_ring, count_bits); OFF(prb_desc_ring, descs); OFF(prb_desc_ring, infos);
	OFF(prb_desc_ring, head_id); OFF(prb_desc_ring, tail_id); OFF(prb_desc, state_var);
	OFF(prb_desc, text_blk_lpos); OFF(prb_data_blk_lpos, begin); OFF(prb_data_blk_lpos, next);
	OFF(prb_data_ring, size_bits); OFF(prb_data_ring, data); OFF(printk_info, ts_nsec);
	OFF(printk_info, text_len);
	printf("OFFSET(atomic_long_t.counter)=%ld\n", (long)offsetof(atomic_long_t, counter));
	OFF(latched_seq, val); OFF(uts_namespace, name);
	printf("LENGTH(zone.free_area)=%ld\n", (long)(sizeof(a_zone.free_area) / sizeof(a_zone.free_area[0])));
	printf("LENGTH(free_area.free_list)=%ld\n", (long)(sizeof(a_zone.free_area[0].free_list) / sizeof(struct list_head)));
	printf("NUMBER(NR_FREE_PAGES)=%d\nNUMBER(N_ONLINE)=%d\nNUMBER(PG_lru)=%d\n", NR_FREE_PAGES, N_ONLINE, PG_lru);
	printf("NUMBER(PG_private)=%d\nNUMBER(PG_head_mask)=%ld\nNUMBER(PG_swapcache)=%d\n", PG_private, 1L << PG_head, PG_swapcache);
	printf("NUMBER(PG_swapbacked)=%d\nNUMBER(PG_slab)=%d\nNUMBER(PG_hwpoison)=%d\n", PG_swapbacked, PG_slab, PG_hwpoison);
	printf("NUMBER(HUGETLB_PAGE_DTOR)=%d\n", HUGETLB_PAGE_DTOR);
	return 0;
}
