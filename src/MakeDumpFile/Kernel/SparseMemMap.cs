using System;
using System.Collections.Generic;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// Finds each memory section's mem_map from mem_section[] (include/linux/mmzone.h):
    /// SPARSEMEM (an array of struct mem_section) or SPARSEMEM_EXTREME (an array of root
    /// pointers, each to a page of sections), with or without VMEMMAP (the decoded address is
    /// translated through the page tables either way). section_mem_map holds the mem_map
    /// address minus the section's first pfn times sizeof(struct page), with flag bits below.
    /// </summary>
    internal static class SparseMemMap
    {
        private const ulong SectionMarkedPresent = 1;
        // makedumpfile masks the low 5 bits; SECTION_MAP_LAST_BIT has moved between kernels but
        // mem_map pointers are always far more aligned than that.
        private const ulong SectionMapMask = ~0x1fUL;

        public static IReadOnlyList<MemMapSection> Read(VmcoreInfo info, AddressTranslator vt, int pageSize, int structPageSize, ulong maxMapNr)
        {
            ulong? memSection = info.Symbol("mem_section");
            if (memSection == null) return FlatMemMap.Read(info, vt, maxMapNr);
            long sectionBits = VmcoreInfoRange.Require(info, "NUMBER(SECTION_SIZE_BITS)", 12, 46);
            long physBits = VmcoreInfoRange.Require(info, "NUMBER(MAX_PHYSMEM_BITS)", sectionBits, 52);
            long sectionSize = VmcoreInfoRange.Require(info, "SIZE(mem_section)", 8, 256);
            long mapOffset = VmcoreInfoRange.Require(info, "OFFSET(mem_section.section_mem_map)", 0, sectionSize - 8);
            int pageShift = Log2(pageSize);
            if (sectionBits < pageShift) throw new KernelDataException($"NUMBER(SECTION_SIZE_BITS)={sectionBits} is smaller than the page shift");
            ulong pagesPerSection = 1UL << (int)(sectionBits - pageShift);
            ulong nrMemSections = 1UL << (int)(physBits - sectionBits);
            ulong sectionsPerRootExtreme = (ulong)pageSize / (ulong)sectionSize;
            long? length = info.Length("mem_section");
            bool extreme = length == null || (ulong)length.Value == (nrMemSections + sectionsPerRootExtreme - 1) / sectionsPerRootExtreme;
            ulong sectionsPerRoot = extreme ? sectionsPerRootExtreme : 1;
            ulong numSections = (maxMapNr + pagesPerSection - 1) / pagesPerSection;
            if (numSections > nrMemSections)
                throw new KernelDataException($"the image's {maxMapNr} page frames need more sections than MAX_PHYSMEM_BITS={physBits} allows");

            // SYMBOL(mem_section) is the root array itself in VMCOREINFO (VMCOREINFO_SYMBOL_ARRAY);
            // older kernels gave the address of the pointer, so try that next, as makedumpfile does.
            var maps = TryDecode(memSection.Value, extreme, sectionsPerRoot, numSections, pagesPerSection, sectionSize, mapOffset, structPageSize, vt, maxMapNr);
            if (maps == null && extreme && vt.TryReadVirtualWord(memSection.Value, out ulong pointer))
                maps = TryDecode(pointer, extreme, sectionsPerRoot, numSections, pagesPerSection, sectionSize, mapOffset, structPageSize, vt, maxMapNr);
            if (maps == null) throw new KernelDataException("mem_section[] holds no present section: wrong VMCOREINFO or not this kernel's memory");
            return maps;
        }

        private static List<MemMapSection>? TryDecode(ulong rootAddr, bool extreme, ulong sectionsPerRoot, ulong numSections,
            ulong pagesPerSection, long sectionSize, long mapOffset, int structPageSize, AddressTranslator vt, ulong maxMapNr)
        {
            var result = new List<MemMapSection>();
            bool any = false;
            ulong currentRoot = ulong.MaxValue, rootBase = 0;
            bool rootValid = false;
            for (ulong nr = 0; nr < numSections; nr++)
            {
                ulong sectionAddr;
                if (extreme)
                {
                    ulong root = nr / sectionsPerRoot;
                    if (root != currentRoot)
                    {
                        currentRoot = root;
                        rootValid = vt.TryReadVirtualWord(rootAddr + root * (ulong)vt.PointerSize, out rootBase) && rootBase != 0;
                    }
                    if (!rootValid) continue;
                    sectionAddr = rootBase + (nr % sectionsPerRoot) * (ulong)sectionSize;
                }
                else
                {
                    sectionAddr = rootAddr + nr * (ulong)sectionSize;
                }
                if (!vt.TryReadVirtualWord(sectionAddr + (ulong)mapOffset, out ulong coded)) continue;
                if ((coded & SectionMarkedPresent) == 0) continue;
                ulong pfnStart = nr * pagesPerSection;
                ulong memMap = unchecked((coded & SectionMapMask) + pfnStart * (ulong)structPageSize);
                if (memMap < vt.KernelSpaceStart) return null;
                any = true;
                result.Add(new MemMapSection(pfnStart, Math.Min(pfnStart + pagesPerSection, maxMapNr), memMap));
            }
            return any ? result : null;
        }

        private static int Log2(int v)
        {
            int s = 0;
            while ((1 << s) < v) s++;
            return s;
        }
    }
}
