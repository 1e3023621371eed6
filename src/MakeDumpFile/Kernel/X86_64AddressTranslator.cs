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
    internal sealed class X86_64AddressTranslator
    {
        public const ulong StartKernelMap = 0xffffffff80000000UL;
        private const ulong PagePresent = 1UL << 0;
        private const ulong PageLarge = 1UL << 7;
        private const ulong PhysicalMask52 = 0x000ffffffffff000UL;

        private readonly PhysicalMemory _memory;
        private readonly ulong _topTablePhys;
        private readonly ulong _entryMask;
        private ulong _lastVirtualPage = ulong.MaxValue;
        private ulong _lastPhysicalPage;

        public X86_64AddressTranslator(PhysicalMemory memory, VmcoreInfo info, ulong physBase)
        {
            _memory = memory;
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

        public ulong PhysBase { get; }
        public bool FiveLevel { get; }

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

        /// <summary>Translates a kernel virtual address, or returns false when it is not mapped in the image.</summary>
        public bool TryTranslate(ulong vaddr, out ulong paddr)
        {
            if (vaddr >= StartKernelMap)
            {
                paddr = vaddr - StartKernelMap + PhysBase;
                return true;
            }
            ulong page = vaddr & ~0xfffUL;
            if (page == _lastVirtualPage)
            {
                paddr = _lastPhysicalPage | (vaddr & 0xfff);
                return true;
            }
            if (!Walk(vaddr, out paddr)) return false;
            _lastVirtualPage = page;
            _lastPhysicalPage = paddr & ~0xfffUL;
            return true;
        }

        private bool Walk(ulong vaddr, out ulong paddr)
        {
            paddr = 0;
            ulong table = _topTablePhys;
            int level = FiveLevel ? 5 : 4;
            for (; level >= 1; level--)
            {
                int shift = 12 + 9 * (level - 1);
                ulong index = (vaddr >> shift) & 0x1ff;
                if (!_memory.TryReadUInt64(table + index * 8, out ulong entry)) return false;
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

        /// <summary>Reads kernel virtual memory; false when a page is unmapped or missing from the image.</summary>
        public bool TryReadVirtual(ulong vaddr, Span<byte> destination)
        {
            int done = 0;
            while (done < destination.Length)
            {
                ulong at = vaddr + (ulong)done;
                int n = Math.Min(destination.Length - done, 4096 - (int)(at & 0xfff));
                if (!TryTranslate(at, out ulong pa)) return false;
                if (!_memory.TryRead(pa, destination.Slice(done, n))) return false;
                done += n;
            }
            return true;
        }

        public bool TryReadVirtualUInt64(ulong vaddr, out ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            value = 0;
            if (!TryReadVirtual(vaddr, b)) return false;
            value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b);
            return true;
        }
    }
}
