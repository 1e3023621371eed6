using System;
using System.Buffers.Binary;
using Common.Elf;

namespace Fuzz
{
    /// <summary>
    /// A minimal x86_64 ELF core (System V gABI, ELF-64 Object File Format 1.5: Ehdr 64 bytes,
    /// Phdr 56 bytes), one PT_NOTE and one PT_LOAD, for harnesses whose input is a note area and
    /// some physical memory rather than a whole core.
    /// </summary>
    internal static class CoreFile
    {
        private const int EhdrSize = 64;
        private const int PhdrSize = 56;

        public static byte[] Build(ReadOnlySpan<byte> notes, ReadOnlySpan<byte> memory, ulong physicalAddress)
        {
            int notesAt = EhdrSize + 2 * PhdrSize;
            int memoryAt = (notesAt + notes.Length + 4095) & ~4095;
            var file = new byte[memoryAt + memory.Length];
            Span<byte> f = file;
            f[0] = 0x7f; f[1] = (byte)'E'; f[2] = (byte)'L'; f[3] = (byte)'F';
            f[4] = 2; // ELFCLASS64
            f[5] = 1; // ELFDATA2LSB
            f[6] = 1; // EV_CURRENT
            BinaryPrimitives.WriteUInt16LittleEndian(f.Slice(16), 4); // ET_CORE
            BinaryPrimitives.WriteUInt16LittleEndian(f.Slice(18), ElfConstants.MachineX86_64);
            BinaryPrimitives.WriteUInt32LittleEndian(f.Slice(20), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(f.Slice(32), EhdrSize); // e_phoff
            BinaryPrimitives.WriteUInt16LittleEndian(f.Slice(52), EhdrSize);
            BinaryPrimitives.WriteUInt16LittleEndian(f.Slice(54), PhdrSize);
            BinaryPrimitives.WriteUInt16LittleEndian(f.Slice(56), 2); // e_phnum
            Phdr(f.Slice(EhdrSize), 4, (ulong)notesAt, 0, (ulong)notes.Length, (ulong)notes.Length); // PT_NOTE
            Phdr(f.Slice(EhdrSize + PhdrSize), 1, (ulong)memoryAt, physicalAddress, (ulong)memory.Length, (ulong)memory.Length); // PT_LOAD
            notes.CopyTo(f.Slice(notesAt));
            memory.CopyTo(f.Slice(memoryAt));
            return file;
        }

        private static void Phdr(Span<byte> p, uint type, ulong offset, ulong paddr, ulong filesz, ulong memsz)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(p, type);
            BinaryPrimitives.WriteUInt32LittleEndian(p.Slice(4), 7); // PF_R | PF_W | PF_X, as /proc/vmcore
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(8), offset);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(16), 0xffff888000000000UL + paddr); // direct map
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(24), paddr);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(32), filesz);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(40), memsz);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(48), type == 1 ? 4096UL : 0);
        }
    }
}
