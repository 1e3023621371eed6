using System;
using Common.DumpFormats;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// Kernel virtual to physical addresses on x86_64: the kernel image mapping
    /// (__START_KERNEL_map + phys_base) directly, everything else (direct map with KASLR'd
    /// page_offset_base, vmemmap, vmalloc) by walking init_top_pgt, 4- or 5-level
    /// (arch/x86/include/asm/pgtable_64_types.h, Documentation/arch/x86/x86_64/mm.rst).
    /// </summary>
    internal sealed class X86_64AddressTranslator : AddressTranslator
    {
        public const ulong StartKernelMap = 0xffffffff80000000UL;
        private const ulong PagePresent = 1UL << 0;
        private const ulong PageLarge = 1UL << 7;
        private const ulong PhysicalMask52 = 0x000ffffffffff000UL;

        private readonly ulong _topTablePhys;
        private readonly ulong _entryMask;

        public X86_64AddressTranslator(PhysicalMemory memory, VmcoreInfo info, ulong physBase) : base(memory)
        {
            PhysBase = physBase;
            FiveLevel = (info.Number("pgtable_l5_enabled") ?? 0) != 0;
            ulong top = info.Symbol("init_top_pgt") ?? info.Symbol("swapper_pg_dir")
                ?? throw new KernelDataException("VMCOREINFO lacks SYMBOL(init_top_pgt): cannot translate kernel addresses");
            if (top < StartKernelMap) throw new KernelDataException($"SYMBOL(init_top_pgt)=0x{top:x} is not a kernel image address");
            _topTablePhys = top - StartKernelMap + physBase;
            // SME encryption bit (NUMBER(sme_mask)) is not part of the physical address.
            long sme = info.Number("sme_mask") ?? 0;
            _entryMask = PhysicalMask52 & ~unchecked((ulong)sme);
        }

        public override ulong PhysBase { get; }
        public bool FiveLevel { get; }
        public override int PointerSize => 8;
        // Kernel half: from 0xffff800000000000 with 4-level paging, from 0xff00000000000000 with 5-level.
        public override ulong KernelSpaceStart => FiveLevel ? 0xff00000000000000UL : 0xffff800000000000UL;

        /// <summary>
        /// phys_base as makedumpfile finds it: NUMBER(phys_base) in VMCOREINFO, else from a PT_LOAD
        /// that maps the kernel image (its p_paddr minus its offset into __START_KERNEL_map), else the
        /// kdump header's value, else 0.
        /// </summary>
        public static ulong FindPhysBase(VmcoreInfo info, IPageSource source)
        {
            long? n = info.Number("phys_base");
            if (n.HasValue) return unchecked((ulong)n.Value);
            foreach (PhysicalSegment s in source.Segments)
                if (s.VirtualStart >= StartKernelMap && s.VirtualStart != ulong.MaxValue)
                    return unchecked(s.PhysicalStart - (s.VirtualStart - StartKernelMap));
            return source.HeaderPhysBase ?? 0;
        }

        protected override bool TranslateUncached(ulong vaddr, out ulong paddr)
        {
            if (vaddr >= StartKernelMap)
            {
                paddr = vaddr - StartKernelMap + PhysBase;
                return true;
            }
            return Walk(vaddr, out paddr);
        }

        /// <summary>vtop4_x86_64(): every address through init_top_pgt, the kernel image's too.</summary>
        protected override bool TranslateByPageTables(ulong vaddr, out ulong paddr) => Walk(vaddr, out paddr);

        private bool Walk(ulong vaddr, out ulong paddr)
        {
            paddr = 0;
            ulong table = _topTablePhys;
            int level = FiveLevel ? 5 : 4;
            for (; level >= 1; level--)
            {
                int shift = 12 + 9 * (level - 1);
                ulong index = (vaddr >> shift) & 0x1ff;
                if (!Memory.TryReadUInt64(table + index * 8, out ulong entry)) return false;
                if ((entry & PagePresent) == 0) return false;
                ulong next = entry & _entryMask;
                if (level == 1)
                {
                    paddr = next | (vaddr & 0xfff);
                    return true;
                }
                if ((level == 2 || level == 3) && (entry & PageLarge) != 0)
                {
                    ulong size = 1UL << shift;
                    paddr = (next & ~(size - 1)) | (vaddr & (size - 1));
                    return true;
                }
                table = next;
            }
            return false;
        }
    }
}
