using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Kexec.Memory;

namespace Kexec.Loaders.BzImage
{
    /// <summary>
    /// struct boot_params, the "zero page" (Documentation/arch/x86/zero-page.rst), filled the
    /// way a boot loader must: a copy of the kernel's setup header plus what the loader knows
    /// (command line, initrd, e820 map).
    /// </summary>
    internal sealed class BootParams
    {
        public const int Size = 4096;
        private const int AltMemK = 0x1e0;
        private const int E820Entries = 0x1e8;
        private const int E820Table = 0x2d0;
        private const int ExtRamdiskImage = 0x0c0;
        private const int ExtRamdiskSize = 0x0c4;
        private const int ExtCmdLinePtr = 0x0c8;
        public const int MaxE820Entries = 128; // E820_MAX_ENTRIES_ZEROPAGE

        /// <summary>type_of_loader 0x0d: kexec (boot.rst's list of assigned loader ids).</summary>
        private const byte LoaderTypeKexec = 0x0d;

        private readonly byte[] _page = new byte[Size];

        public BootParams(ReadOnlySpan<byte> kernelFile, SetupHeader header)
        {
            // The header from 0x1f1 up to its end goes in verbatim; everything else stays zero,
            // which also keeps the "sentinel" at 0x1ef zero as boot.rst asks of loaders.
            kernelFile.Slice(SetupHeader.Offset, header.HeaderEnd - SetupHeader.Offset).CopyTo(_page.AsSpan(SetupHeader.Offset));
            _page[0x210] = LoaderTypeKexec;
            _page[0x211] = (byte)((_page[0x211] | SetupHeader.LoadedHigh | SetupHeader.CanUseHeap) & ~SetupHeader.KeepSegments);
            // heap_end_ptr: only the 16-bit setup code uses the heap; give it the usual 0xde00 (boot.rst).
            BinaryPrimitives.WriteUInt16LittleEndian(_page.AsSpan(0x224), 0xde00);
        }

        public byte[] Bytes => _page;

        public void SetCommandLine(ulong address)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(0x228), (uint)address);
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(ExtCmdLinePtr), (uint)(address >> 32));
        }

        public void SetInitrd(ulong address, ulong size)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(0x218), (uint)address);
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(0x21c), (uint)size);
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(ExtRamdiskImage), (uint)(address >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(ExtRamdiskSize), (uint)(size >> 32));
        }

        /// <summary>code32_start: where the 32-bit entry is (the protected-mode kernel's load address).</summary>
        public void SetCode32Start(uint address) =>
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(0x214), address);

        /// <summary>Writes the e820 map; the kernel reads at most 128 entries from the zero page.</summary>
        public void SetE820(IReadOnlyList<MemoryRange> ranges)
        {
            if (ranges.Count > MaxE820Entries)
                throw new KexecException($"memory map has {ranges.Count} entries, the zero page holds {MaxE820Entries}");
            _page[E820Entries] = (byte)ranges.Count;
            ulong ramTop = 0;
            for (int i = 0; i < ranges.Count; i++)
            {
                Span<byte> e = _page.AsSpan(E820Table + i * 20, 20);
                BinaryPrimitives.WriteUInt64LittleEndian(e, ranges[i].Start);
                BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(8), ranges[i].Length);
                BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(16), (uint)ranges[i].Type);
                if (ranges[i].Type == MemoryType.Ram) ramTop = Math.Max(ramTop, ranges[i].End);
            }
            // alt_mem_k: KiB of memory above 1 MiB, the legacy size field (zero-page.rst).
            ulong altK = ramTop > 0x100000 ? (ramTop - 0x100000) >> 10 : 0;
            BinaryPrimitives.WriteUInt32LittleEndian(_page.AsSpan(AltMemK), (uint)Math.Min(altK, uint.MaxValue));
        }

        public int E820Count => _page[E820Entries];
    }
}
