using System;
using System.Buffers.Binary;
using Common.DumpFormats;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// Kernel virtual to physical addresses for one dumped kernel, and reads through them.
    /// Pointers and unsigned longs in kernel structures are <see cref="PointerSize"/> bytes.
    /// </summary>
    internal abstract class AddressTranslator
    {
        private ulong _lastVirtualPage = ulong.MaxValue;
        private ulong _lastPhysicalPage;

        protected AddressTranslator(PhysicalMemory memory) => Memory = memory;

        protected PhysicalMemory Memory { get; }

        /// <summary>phys_base for the kdump sub-header (0 where the architecture has none).</summary>
        public abstract ulong PhysBase { get; }

        /// <summary>sizeof(void *) and sizeof(unsigned long) of the dumped kernel.</summary>
        public abstract int PointerSize { get; }

        /// <summary>The lowest address of the kernel's half: a mem_map pointer below it is not one.</summary>
        public abstract ulong KernelSpaceStart { get; }

        /// <summary>Translates without the one-page cache; false when the address is not mapped in the image.</summary>
        protected abstract bool TranslateUncached(ulong vaddr, out ulong paddr);

        /// <summary>
        /// The translator for the kernel VMCOREINFO describes: i386 when its symbols are 32-bit
        /// addresses and it names no init_top_pgt (arch/x86/kernel/machine_kexec_32.c exports
        /// only X86_PAE besides the generic kernel/vmcore_info.c entries), x86_64 otherwise.
        /// </summary>
        public static AddressTranslator ForKernel(PhysicalMemory memory, VmcoreInfo info, IPageSource source)
        {
            if (I386AddressTranslator.Describes(info)) return I386AddressTranslator.Create(memory, info);
            ulong physBase = X86_64AddressTranslator.FindPhysBase(info, source);
            return new X86_64AddressTranslator(memory, info, physBase);
        }

        public bool TryTranslate(ulong vaddr, out ulong paddr)
        {
            ulong page = vaddr & ~0xfffUL;
            if (page == _lastVirtualPage)
            {
                paddr = _lastPhysicalPage | (vaddr & 0xfff);
                return true;
            }
            if (!TranslateUncached(vaddr, out paddr)) return false;
            _lastVirtualPage = page;
            _lastPhysicalPage = paddr & ~0xfffUL;
            return true;
        }

        /// <summary>
        /// How makedumpfile 1.7.2's readmem() translates: like <see cref="TryTranslate"/> except
        /// where ours takes a shortcut that 1.7.2 does not (x86_64's kernel image mapping, which
        /// vtop4_x86_64() walks through init_top_pgt too).
        /// </summary>
        protected virtual bool TranslateByPageTables(ulong vaddr, out ulong paddr) => TranslateUncached(vaddr, out paddr);

        /// <summary>Reads kernel virtual memory; false when a page is unmapped or missing from the image.</summary>
        public bool TryReadVirtual(ulong vaddr, Span<byte> destination) => TryRead(vaddr, destination, byPageTables: false);

        /// <summary>
        /// Reads kernel virtual memory as 1.7.2 does (<see cref="TranslateByPageTables"/>), where
        /// its answer must be 1.7.2's: the release check of a -i VMCOREINFO file, whose addresses
        /// may be another kernel's.
        /// </summary>
        public bool TryReadVirtualByPageTables(ulong vaddr, Span<byte> destination) => TryRead(vaddr, destination, byPageTables: true);

        private bool TryRead(ulong vaddr, Span<byte> destination, bool byPageTables)
        {
            int done = 0;
            while (done < destination.Length)
            {
                ulong at = vaddr + (ulong)done;
                int n = Math.Min(destination.Length - done, 4096 - (int)(at & 0xfff));
                ulong pa;
                if (!(byPageTables ? TranslateByPageTables(at, out pa) : TryTranslate(at, out pa))) return false;
                if (!Memory.TryRead(pa, destination.Slice(done, n))) return false;
                done += n;
            }
            return true;
        }

        public bool TryReadVirtualUInt64(ulong vaddr, out ulong value)
        {
            Span<byte> b = stackalloc byte[8];
            value = 0;
            if (!TryReadVirtual(vaddr, b)) return false;
            value = BinaryPrimitives.ReadUInt64LittleEndian(b);
            return true;
        }

        /// <summary>Reads a pointer or unsigned long of the dumped kernel (4 or 8 bytes).</summary>
        public bool TryReadVirtualWord(ulong vaddr, out ulong value)
        {
            if (PointerSize == 8) return TryReadVirtualUInt64(vaddr, out value);
            Span<byte> b = stackalloc byte[4];
            value = 0;
            if (!TryReadVirtual(vaddr, b)) return false;
            value = BinaryPrimitives.ReadUInt32LittleEndian(b);
            return true;
        }

        /// <summary>A pointer or unsigned long inside a struct already read.</summary>
        public ulong Word(ReadOnlySpan<byte> data) =>
            PointerSize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);
    }
}
