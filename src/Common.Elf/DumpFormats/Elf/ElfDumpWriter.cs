using System;
using System.Collections.Generic;
using Common.DumpFormats.Output;
using Common.Elf;

namespace Common.DumpFormats.Elf
{
    /// <summary>
    /// Writes an ELF core of the kept pages the way makedumpfile -E lays it out
    /// (write_elf_header(), write_elf_pages_cyclic()): ELF header, PT_NOTE then PT_LOAD headers
    /// right after it, the notes, then segment data. An input segment is cut into a new PT_LOAD
    /// only where 256 or more consecutive pages are left out; shorter gaps keep their bytes.
    /// </summary>
    public static class ElfDumpWriter
    {
        public const int MinExcludedRun = 256;
        /// <summary>makedumpfile's DUMP_ELF_INCOMPLETE, set in e_flags of a file that could not be finished.</summary>
        public const uint IncompleteFlagBit = 1;

        public sealed class Result
        {
            public ulong PagesExcludedInElf { get; set; }
            public ulong PagesWritten { get; set; }
            public long BytesWritten { get; set; }
        }

        /// <summary>Writes the core; a full disk comes out as a <see cref="DiskFullException"/> carrying this class's <see cref="IncompleteMarker"/>.</summary>
        public static Result Write(IDumpSink sink, IPageSource source, Func<ulong, bool> dumpable, bool is64, ushort machine,
                                   ProgramHeader? noteTemplate, byte[] notes, Action<ulong, ulong>? progress)
        {
            try
            {
                return WriteCore(sink, source, dumpable, is64, machine, noteTemplate, notes, progress);
            }
            catch (DiskFullException e) when (e.Marker == null)
            {
                throw e.WithMarker(IncompleteMarker(is64));
            }
        }

        /// <summary>
        /// The frames of an input segment whose keeping <c>dumpable</c> is asked, in order, as
        /// write_elf_pages_cyclic() walks them: a partial first page is not asked (it is copied),
        /// a partial last page is.
        /// </summary>
        public static (ulong Start, ulong End) CheckedFrames(PhysicalSegment seg, int pageSize)
        {
            ulong ps = (ulong)pageSize;
            ulong start = seg.PhysicalStart / ps;
            ulong end = (seg.PhysicalStart + seg.MemorySize) / ps;
            if (seg.PhysicalStart % ps != 0) start++;
            if ((seg.PhysicalStart + seg.MemorySize) % ps != 0) end++;
            return (start, end);
        }

        private static Result WriteCore(IDumpSink sink, IPageSource source, Func<ulong, bool> dumpable, bool is64, ushort machine,
                                        ProgramHeader? noteTemplate, byte[] notes, Action<ulong, ulong>? progress)
        {
            int ps = source.PageSize;
            var loads = new List<ProgramHeader>();
            var plan = new List<(ulong Paddr, ulong FileSize)>();
            var lastOfSegment = new List<bool>();
            ulong excludedInElf = 0;
            ulong pagesKept = 0;
            foreach (PhysicalSegment seg in source.Segments)
            {
                ulong paddr = seg.PhysicalStart;
                ulong vaddr = seg.VirtualStart;
                (ulong pfnStart, ulong pfnEnd) = CheckedFrames(seg, ps);
                ulong fracHead = (ulong)ps - seg.PhysicalStart % (ulong)ps;
                ulong fracTail = (seg.PhysicalStart + seg.MemorySize) % (ulong)ps;
                ulong memsz = 0, filesz = 0, numExcluded = 0;
                // A head shorter than a page is copied whole, without asking.
                if (fracHead != (ulong)ps) memsz = filesz = fracHead;
                var load = new ProgramHeader { Type = ElfConstants.PtLoad, Flags = seg.Flags, Align = seg.Align };
                for (ulong pfn = pfnStart; pfn < pfnEnd; pfn++)
                {
                    ulong step = (pfn == pfnEnd - 1 && fracTail != 0) ? fracTail : (ulong)ps;
                    if (!dumpable(pfn))
                    {
                        numExcluded++;
                        memsz += step;
                        continue;
                    }
                    pagesKept++;
                    if (numExcluded == 0)
                    {
                        memsz += step;
                        filesz += step;
                        continue;
                    }
                    if (numExcluded < MinExcludedRun)
                    {
                        memsz += step;
                        filesz += (ulong)ps * numExcluded + step;
                        numExcluded = 0;
                        continue;
                    }
                    excludedInElf += numExcluded;
                    loads.Add(load with { PhysicalAddress = paddr, VirtualAddress = vaddr, MemorySize = memsz, FileSize = filesz });
                    plan.Add((paddr, filesz));
                    lastOfSegment.Add(false);
                    paddr += memsz;
                    vaddr += memsz;
                    numExcluded = 0;
                    memsz = filesz = (ulong)ps;
                }
                excludedInElf += numExcluded;
                loads.Add(load with { PhysicalAddress = paddr, VirtualAddress = vaddr, MemorySize = memsz, FileSize = filesz });
                plan.Add((paddr, filesz));
                lastOfSegment.Add(true);
            }

            int phnum = loads.Count + 1;
            int ehdrSize = is64 ? ElfConstants.Elf64HeaderSize : ElfConstants.Elf32HeaderSize;
            int phdrSize = ProgramHeader.SizeFor(is64);
            bool xnum = is64 && phnum >= ElfConstants.PnXnum;
            if (!is64 && phnum >= ElfConstants.PnXnum) throw new DumpFormatException($"{phnum} program headers do not fit an ELF32 core");
            long noteOffset = ehdrSize + (long)phdrSize * phnum;
            long shoff = 0;
            if (xnum)
            {
                shoff = noteOffset;
                noteOffset += 64;
            }
            var header = new ElfHeader
            {
                Class = is64 ? ElfConstants.ClassElf64 : ElfConstants.ClassElf32,
                Type = ElfConstants.TypeCore,
                Machine = machine,
                HeaderSize = (ushort)ehdrSize,
                ProgramHeaderOffset = (ulong)ehdrSize,
                ProgramHeaderEntrySize = (ushort)phdrSize,
                ProgramHeaderCount = xnum ? ElfConstants.PnXnum : (ushort)phnum,
                SectionHeaderOffset = (ulong)shoff,
                SectionHeaderEntrySize = (ushort)(xnum ? 64 : 0),
                SectionHeaderCount = (ushort)(xnum ? 1 : 0),
            };
            var ehdr = new byte[ehdrSize];
            header.Write(ehdr);
            sink.Write(0, ehdr);

            var table = new byte[phdrSize * phnum];
            ProgramHeader note = (noteTemplate ?? new ProgramHeader { Type = ElfConstants.PtNote }) with
            {
                Type = ElfConstants.PtNote,
                Offset = (ulong)noteOffset,
                FileSize = (ulong)notes.Length,
                MemorySize = noteTemplate != null && noteTemplate.MemorySize == noteTemplate.FileSize ? (ulong)notes.Length : noteTemplate?.MemorySize ?? (ulong)notes.Length,
            };
            note.Write(table.AsSpan(0, phdrSize), is64);
            long dataOffset = noteOffset + notes.Length;
            long off = dataOffset;
            for (int i = 0; i < loads.Count; i++)
            {
                ProgramHeader l = loads[i] with { Offset = (ulong)off };
                // makedumpfile sets p_offset 0 for a segment with no data except the last one of an input segment.
                if (l.FileSize == 0 && !lastOfSegment[i])
                    l = l with { Offset = 0 };
                l.Write(table.AsSpan((i + 1) * phdrSize, phdrSize), is64);
                off += (long)l.FileSize;
            }
            sink.Write(ehdrSize, table);
            if (xnum)
            {
                var shdr = new byte[64];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(shdr.AsSpan(32), 1);   // sh_size = e_shnum
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(44), (uint)phnum); // sh_info
                sink.Write(shoff, shdr);
            }
            if (notes.Length > 0) sink.Write(noteOffset, notes);

            ulong done = 0;
            var buffer = new byte[ps * 256];
            off = dataOffset;
            foreach ((ulong paddr, ulong filesz) in plan)
            {
                ulong at = paddr;
                ulong left = filesz;
                while (left > 0)
                {
                    ulong pfn = at / (ulong)ps;
                    int inPage = (int)(at % (ulong)ps);
                    int pages = (int)Math.Min(256UL, (left + (ulong)inPage + (ulong)ps - 1) / (ulong)ps);
                    source.ReadPages(pfn, pages, buffer);
                    int n = (int)Math.Min(left, (ulong)(pages * ps - inPage));
                    sink.Write(off, buffer.AsSpan(inPage, n));
                    off += n;
                    at += (ulong)n;
                    left -= (ulong)n;
                    done += (ulong)pages;
                    progress?.Invoke(done, pagesKept);
                }
            }
            return new Result { PagesExcludedInElf = excludedInElf, PagesWritten = pagesKept, BytesWritten = sink.BytesWritten };
        }

        /// <summary>How an ELF core of this class says it is incomplete: makedumpfile's DUMP_ELF_INCOMPLETE in e_flags.</summary>
        public static IncompleteMarker IncompleteMarker(bool is64) =>
            new IncompleteMarker("ELF header (e_flags)", is64 ? ElfConstants.Elf64FlagsOffset : ElfConstants.Elf32FlagsOffset, IncompleteFlagBit);
    }
}
