using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Common.Elf;

namespace Bench.I386
{
    /// <summary>
    /// What a dynamically linked ELF file needs from the loader: its interpreter (PT_INTERP)
    /// and the sonames of its DT_NEEDED entries. Read from the file itself, because the host's
    /// ldd cannot run i386 binaries' loader for us and must not look at the host's libraries.
    /// Layouts: the System V gABI, "Dynamic Section" and "Program Header" (elf.h).
    /// </summary>
    public sealed record DynamicDependencies(string? Interpreter, IReadOnlyList<string> Needed)
    {
        private const uint PtDynamic = 2;
        private const uint PtInterp = 3;
        private const long DtNull = 0;
        private const long DtNeeded = 1;
        private const long DtStrtab = 5;

        public static DynamicDependencies Read(byte[] file)
        {
            ElfHeader header = ElfHeader.Parse(file);
            var headers = new List<ProgramHeader>();
            int phdrSize = header.Class.ProgramHeaderSize;
            for (int i = 0; i < header.ProgramHeaderCount; i++)
            {
                ulong at = header.ProgramHeaderOffset + (ulong)i * header.ProgramHeaderEntrySize;
                headers.Add(ProgramHeader.Parse(Slice(file, at, (ulong)phdrSize, "program header"), header.Class));
            }

            string? interpreter = null;
            ProgramHeader? dynamic = null;
            foreach (ProgramHeader ph in headers)
            {
                if (ph.Type == PtInterp) interpreter = CString(Slice(file, ph.Offset, ph.FileSize, "PT_INTERP"), 0);
                if (ph.Type == PtDynamic) dynamic = ph;
            }
            if (dynamic == null) return new DynamicDependencies(interpreter, Array.Empty<string>());

            // DT_NEEDED values are offsets into the string table DT_STRTAB points at, by address.
            ReadOnlySpan<byte> dyn = Slice(file, dynamic.Offset, dynamic.FileSize, "PT_DYNAMIC");
            int entrySize = header.Is64 ? 16 : 8;
            var neededOffsets = new List<ulong>();
            ulong? strtabAddress = null;
            for (int at = 0; at + entrySize <= dyn.Length; at += entrySize)
            {
                long tag = header.Is64 ? BinaryPrimitives.ReadInt64LittleEndian(dyn.Slice(at)) : BinaryPrimitives.ReadInt32LittleEndian(dyn.Slice(at));
                ulong value = header.Is64 ? BinaryPrimitives.ReadUInt64LittleEndian(dyn.Slice(at + 8)) : BinaryPrimitives.ReadUInt32LittleEndian(dyn.Slice(at + 4));
                if (tag == DtNull) break;
                if (tag == DtNeeded) neededOffsets.Add(value);
                if (tag == DtStrtab) strtabAddress = value;
            }
            if (neededOffsets.Count == 0) return new DynamicDependencies(interpreter, Array.Empty<string>());
            if (strtabAddress == null) throw new ElfFormatException("DT_NEEDED without DT_STRTAB");
            ulong strtab = FileOffset(headers, strtabAddress.Value);
            var needed = new List<string>();
            foreach (ulong offset in neededOffsets)
            {
                if (strtab + offset >= (ulong)file.Length) throw new ElfFormatException("DT_NEEDED name outside the file");
                needed.Add(CString(file, (int)(strtab + offset)));
            }
            return new DynamicDependencies(interpreter, needed);
        }

        private static ulong FileOffset(List<ProgramHeader> headers, ulong address)
        {
            foreach (ProgramHeader ph in headers)
                if (ph.IsLoad && address >= ph.VirtualAddress && address - ph.VirtualAddress < ph.FileSize)
                    return ph.Offset + (address - ph.VirtualAddress);
            throw new ElfFormatException($"address 0x{address:x} is in no PT_LOAD segment");
        }

        private static ReadOnlySpan<byte> Slice(byte[] file, ulong offset, ulong length, string what)
        {
            if (offset > (ulong)file.Length || length > (ulong)file.Length - offset)
                throw new ElfFormatException($"{what} lies outside the file");
            return file.AsSpan((int)offset, (int)length);
        }

        private static string CString(ReadOnlySpan<byte> data, int start)
        {
            int end = data.Slice(start).IndexOf((byte)0);
            if (end < 0) throw new ElfFormatException("unterminated string");
            return Encoding.ASCII.GetString(data.Slice(start, end));
        }
    }
}
