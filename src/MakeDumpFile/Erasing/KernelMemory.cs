using System;
using System.Buffers.Binary;
using MakeDumpFile.Kernel;

namespace MakeDumpFile.Erasing
{
    /// <summary>The dumped kernel's memory as the filter reads it: its virtual addresses through its page tables.</summary>
    internal interface IKernelMemory
    {
        int PointerSize { get; }
        /// <summary>The KASLR offset (KERNELOFFSET) added to every vmlinux symbol.</summary>
        ulong KaslrOffset { get; }
        bool TryRead(ulong vaddr, Span<byte> destination);
        bool TryTranslate(ulong vaddr, out ulong paddr);
    }

    /// <summary><see cref="IKernelMemory"/> over the dump being written (KernelImage's translator).</summary>
    internal sealed class DumpedKernelMemory : IKernelMemory
    {
        private readonly KernelImage _kernel;

        public DumpedKernelMemory(KernelImage kernel)
        {
            _kernel = kernel;
            KaslrOffset = kernel.Info.TryGetRaw("KERNELOFFSET", out string off) ? Common.Numbers.CStrto.Strtoul(off, 16, out _) : 0;
        }

        public int PointerSize => _kernel.Translator.PointerSize;
        public ulong KaslrOffset { get; }
        public bool TryRead(ulong vaddr, Span<byte> destination) => _kernel.Translator.TryReadVirtual(vaddr, destination);
        public bool TryTranslate(ulong vaddr, out ulong paddr) => _kernel.Translator.TryTranslate(vaddr, out paddr);
    }

    internal static class KernelMemoryExtensions
    {
        /// <summary>read_pointer_value(): the pointer at VADDR, 0 when it cannot be read.</summary>
        public static ulong Pointer(this IKernelMemory m, ulong vaddr)
        {
            Span<byte> b = stackalloc byte[8];
            b = b.Slice(0, m.PointerSize);
            if (!m.TryRead(vaddr, b)) return 0;
            return m.PointerSize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
        }

        /// <summary>get_strlen(): the length of the string at VADDR, at most 1024; 0 when it cannot be read.</summary>
        public static long StringLength(this IKernelMemory m, ulong vaddr)
        {
            var b = new byte[1024];
            if (!m.TryRead(vaddr, b)) return 0;
            int n = Array.IndexOf(b, (byte)0);
            return n < 0 ? 1024 : n;
        }
    }
}
