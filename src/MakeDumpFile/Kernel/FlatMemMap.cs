using System.Collections.Generic;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// FLATMEM (the i386 configs' memory model): one mem_map array for the single node,
    /// contig_page_data (include/linux/mmzone.h, mm/mm_init.c). SYMBOL(mem_map) is the address
    /// of the mem_map pointer; the node's node_start_pfn and node_spanned_pages bound the
    /// frames it describes, which may be far fewer than the image holds (QEMU also dumps the
    /// firmware ROM just below 4 GiB, which has no struct page).
    /// </summary>
    internal static class FlatMemMap
    {
        public static IReadOnlyList<MemMapSection> Read(VmcoreInfo info, AddressTranslator vt, ulong maxMapNr)
        {
            ulong? flat = info.Symbol("mem_map");
            if (flat == null) throw new KernelDataException("VMCOREINFO has neither SYMBOL(mem_section) nor SYMBOL(mem_map)");
            if (!vt.TryReadVirtualWord(flat.Value, out ulong map) || map == 0)
                throw new KernelDataException("VMCOREINFO lacks SYMBOL(mem_section), and the FLATMEM mem_map it names cannot be read");
            if (map < vt.KernelSpaceStart)
                throw new KernelDataException($"the FLATMEM mem_map pointer 0x{map:x} is not a kernel address");
            ulong start = 0, end = maxMapNr;
            ulong? node = info.Symbol("contig_page_data");
            long? startOff = info.Decimal("OFFSET(pglist_data.node_start_pfn)");
            long? spannedOff = info.Decimal("OFFSET(pglist_data.node_spanned_pages)");
            if (node != null && startOff != null && spannedOff != null)
            {
                long size = VmcoreInfoRange.Require(info, "SIZE(pglist_data)", 16, 1 << 20);
                if (startOff.Value < 0 || spannedOff.Value < 0 || startOff.Value + vt.PointerSize > size || spannedOff.Value + vt.PointerSize > size)
                    throw new KernelDataException("VMCOREINFO places pglist_data.node_start_pfn or node_spanned_pages outside SIZE(pglist_data)");
                if (!vt.TryReadVirtualWord(node.Value + (ulong)startOff.Value, out ulong nodeStart)
                    || !vt.TryReadVirtualWord(node.Value + (ulong)spannedOff.Value, out ulong spanned))
                    throw new KernelDataException("cannot read contig_page_data: the node's extent is not in the image");
                if (spanned == 0 || nodeStart + spanned < nodeStart)
                    throw new KernelDataException($"contig_page_data spans {spanned} pages from pfn 0x{nodeStart:x}: not plausible");
                // mem_map covers the node from pfn 0 (ARCH_PFN_OFFSET is 0 on x86).
                end = nodeStart + spanned;
                if (end > maxMapNr) end = maxMapNr;
            }
            return new[] { new MemMapSection(start, end, map) };
        }
    }
}
