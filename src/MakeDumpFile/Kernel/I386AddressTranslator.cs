using System;
using Common.Numbers;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// Kernel virtual to physical addresses on i386 (arch/x86/include/asm/pgtable-2level_types.h,
    /// pgtable-3level_types.h): lowmem is mapped linearly at PAGE_OFFSET, everything else
    /// (vmalloc, pkmap, fixmap) through swapper_pg_dir, either 2-level with 4-byte entries and
    /// 4 MiB PSE pages, or with PAE (VMCOREINFO CONFIG_X86_PAE=y, from
    /// arch/x86/kernel/machine_kexec_32.c) 3-level with 8-byte entries and 2 MiB pages.
    /// i386 KASLR moves the kernel's physical and virtual addresses together, so the linear
    /// map holds whatever the load address was and no KERNELOFFSET is needed.
    /// </summary>
    internal sealed class I386AddressTranslator : AddressTranslator
    {
        private const ulong PagePresent = 1UL << 0;
        private const ulong PagePse = 1UL << 7;
        // PAE entries carry up to 52 address bits below the NX bit (pgtable-3level_types.h).
        private const ulong PaeAddressMask = 0x000ffffffffff000UL;

        /// <summary>
        /// The PAGE_OFFSETs the VMSPLIT_* choices of arch/x86/Kconfig give; VMCOREINFO does not
        /// state which one the kernel was built with, so each is tried against swapper_pg_dir.
        /// </summary>
        private static readonly ulong[] PageOffsetChoices = { 0xC0000000UL, 0xB0000000UL, 0x80000000UL, 0x78000000UL, 0x40000000UL };

        private readonly ulong _pgdPhys;
        private readonly ulong _linearEnd;

        private I386AddressTranslator(PhysicalMemory memory, bool pae, ulong pageOffset, ulong pgdPhys, ulong linearEnd) : base(memory)
        {
            Pae = pae;
            PageOffset = pageOffset;
            _pgdPhys = pgdPhys;
            _linearEnd = linearEnd;
        }

        public bool Pae { get; }
        public ulong PageOffset { get; }
        public override ulong PhysBase => 0;
        public override int PointerSize => 4;
        public override ulong KernelSpaceStart => PageOffset;

        /// <summary>True when VMCOREINFO is an i386 kernel's: 32-bit symbol addresses and no x86_64 top table.</summary>
        public static bool Describes(VmcoreInfo info)
        {
            if (info.Symbol("init_top_pgt") != null) return false;
            ulong? pgd = info.Symbol("swapper_pg_dir");
            return pgd != null && pgd.Value <= uint.MaxValue;
        }

        public static I386AddressTranslator Create(PhysicalMemory memory, VmcoreInfo info)
        {
            ulong pgd = info.Symbol("swapper_pg_dir") ?? throw new KernelDataException("VMCOREINFO lacks SYMBOL(swapper_pg_dir): cannot translate kernel addresses");
            bool pae = info.ConfigEnabled("X86_PAE");
            ulong? vmallocStart = VmallocStart(info);
            foreach (ulong pageOffset in PageOffsetChoices)
            {
                if (pgd < pageOffset) continue;
                ulong pgdPhys = pgd - pageOffset;
                // Lowmem ends at least 8 MiB (VMALLOC_OFFSET) below VMALLOC_START; without it, walk everything.
                ulong linearEnd = vmallocStart.HasValue && vmallocStart.Value > pageOffset ? vmallocStart.Value : pageOffset;
                var t = new I386AddressTranslator(memory, pae, pageOffset, pgdPhys, linearEnd);
                // The right PAGE_OFFSET is the one under which the page tables map themselves where they are.
                if (t.Walk(pgd, out ulong back) && back == pgdPhys) return t;
            }
            throw new KernelDataException($"SYMBOL(swapper_pg_dir)=0x{pgd:x} does not map itself under any i386 PAGE_OFFSET ({(pae ? "PAE" : "2-level")} page tables): not this kernel's memory");
        }

        /// <summary>NUMBER(VMALLOC_START), which kernel/vmcore_info.c prints in hexadecimal with 0x.</summary>
        private static ulong? VmallocStart(VmcoreInfo info)
        {
            string? v = info.Get("NUMBER(VMALLOC_START)");
            if (v == null) return null;
            if (!NumberParser.TryParseHex(v, out ulong r) || r > uint.MaxValue)
                throw new KernelDataException($"VMCOREINFO NUMBER(VMALLOC_START)={v} is not a 32-bit address");
            return r;
        }

        protected override bool TranslateUncached(ulong vaddr, out ulong paddr)
        {
            if (vaddr > uint.MaxValue) { paddr = 0; return false; }
            if (vaddr >= PageOffset && vaddr < _linearEnd)
            {
                paddr = vaddr - PageOffset;
                return true;
            }
            return Walk(vaddr, out paddr);
        }

        /// <summary>Translates through swapper_pg_dir only, never the linear shortcut.</summary>
        internal bool TryWalkPageTables(ulong vaddr, out ulong paddr) => Walk(vaddr, out paddr);

        private bool Walk(ulong vaddr, out ulong paddr) => Pae ? WalkPae(vaddr, out paddr) : WalkTwoLevel(vaddr, out paddr);

        private bool WalkTwoLevel(ulong vaddr, out ulong paddr)
        {
            paddr = 0;
            if (!Memory.TryReadUInt32(_pgdPhys + ((vaddr >> 22) & 0x3ff) * 4, out uint pde)) return false;
            if ((pde & PagePresent) == 0) return false;
            if ((pde & PagePse) != 0)
            {
                // A 4 MiB page; PSE-36 puts physical address bits 32..39 in entry bits 13..20.
                ulong high = ((ulong)(pde >> 13) & 0xff) << 32;
                paddr = high | (pde & 0xffc00000UL) | (vaddr & 0x3fffff);
                return true;
            }
            if (!Memory.TryReadUInt32((pde & 0xfffff000UL) + ((vaddr >> 12) & 0x3ff) * 4, out uint pte)) return false;
            if ((pte & PagePresent) == 0) return false;
            paddr = (pte & 0xfffff000UL) | (vaddr & 0xfff);
            return true;
        }

        private bool WalkPae(ulong vaddr, out ulong paddr)
        {
            paddr = 0;
            if (!Memory.TryReadUInt64(_pgdPhys + ((vaddr >> 30) & 0x3) * 8, out ulong pdpte)) return false;
            if ((pdpte & PagePresent) == 0) return false;
            if (!Memory.TryReadUInt64((pdpte & PaeAddressMask) + ((vaddr >> 21) & 0x1ff) * 8, out ulong pmd)) return false;
            if ((pmd & PagePresent) == 0) return false;
            if ((pmd & PagePse) != 0)
            {
                paddr = (pmd & PaeAddressMask & ~0x1fffffUL) | (vaddr & 0x1fffff);
                return true;
            }
            if (!Memory.TryReadUInt64((pmd & PaeAddressMask) + ((vaddr >> 12) & 0x1ff) * 8, out ulong pte)) return false;
            if ((pte & PagePresent) == 0) return false;
            paddr = (pte & PaeAddressMask) | (vaddr & 0xfff);
            return true;
        }
    }
}
