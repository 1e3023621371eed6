using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Output;
using Common.Elf;

namespace MakeDumpFile.Writers
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

        public sealed class Result
        {
            public ulong PagesExcludedInElf { get; set; }
            public ulong PagesWritten { get; set; }
            public long BytesWritten { get; set; }
        }

        /// <summary>Writes the core; a full disk comes out as a <see cref="DiskFullException"/> carrying <see cref="ElfCoreIncomplete"/>'s marker.</summary>
        public static Result Write(IDumpSink sink, IPageSource source, Func<ulong, bool> dumpable, ElfClass cls, ushort machine,
                                   ProgramHeader? noteTemplate, byte[] notes, Action<ulong, ulong>? progress)
        {
            try
            {
                Layout layout = PlanLoads(source, dumpable);
                long dataOffset = WriteHeaders(sink, cls, machine, noteTemplate, notes, layout);
                CopyData(sink, source, layout, dataOffset, progress);
                return new Result { PagesExcludedInElf = layout.PagesExcludedInElf, PagesWritten = layout.PagesKept, BytesWritten = sink.BytesWritten };
            }
            catch (DiskFullException e) when (e.Marker == null)
            {
                throw e.WithMarker(ElfCoreIncomplete.Marker(cls));
            }
        }

        /// <summary>The output's PT_LOADs, in order, and how many pages each step kept and left out.</summary>
        private sealed class Layout
        {
            public List<ProgramHeader> Loads { get; } = new();
            /// <summary>Per PT_LOAD: whether it is the last piece of its input segment (it keeps its p_offset when empty).</summary>
            public List<bool> LastOfSegment { get; } = new();
            public ulong PagesExcludedInElf { get; set; }
            public ulong PagesKept { get; set; }
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

        // write_elf_pages_cyclic(): a run of MinExcludedRun or more left-out pages ends a PT_LOAD,
        // a shorter run is kept in the file.
        private static Layout PlanLoads(IPageSource source, Func<ulong, bool> dumpable)
        {
            int ps = source.PageSize;
            var layout = new Layout();
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
                    layout.PagesKept++;
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
                    layout.PagesExcludedInElf += numExcluded;
                    layout.Loads.Add(load with { PhysicalAddress = paddr, VirtualAddress = vaddr, MemorySize = memsz, FileSize = filesz });
                    layout.LastOfSegment.Add(false);
                    paddr += memsz;
                    vaddr += memsz;
                    numExcluded = 0;
                    memsz = filesz = (ulong)ps;
                }
                layout.PagesExcludedInElf += numExcluded;
                layout.Loads.Add(load with { PhysicalAddress = paddr, VirtualAddress = vaddr, MemorySize = memsz, FileSize = filesz });
                layout.LastOfSegment.Add(true);
            }
            return layout;
        }

        // write_elf_header(): ELF header, the PT_NOTE and PT_LOAD table right after it, section
        // header 0 when the count needs extended numbering, then the notes. Returns where the
        // segment data starts.
        private static long WriteHeaders(IDumpSink sink, ElfClass cls, ushort machine, ProgramHeader? noteTemplate, byte[] notes, Layout layout)
        {
            int phnum = layout.Loads.Count + 1;
            // Only ELF64 output uses PN_XNUM: an ELF32 core cannot describe that many ranges below 4 GiB anyway.
            bool xnum = cls.Is64 && phnum >= ElfConstants.PnXnum;
            if (!cls.Is64 && phnum >= ElfConstants.PnXnum) throw new DumpFormatException($"{phnum} program headers do not fit an ELF32 core");
            long noteOffset = cls.HeaderSize + (long)cls.ProgramHeaderSize * phnum;
            long shoff = 0;
            if (xnum)
            {
                shoff = noteOffset;
                noteOffset += cls.SectionHeaderSize;
            }
            ElfHeader header = ElfHeader.WithProgramHeadersAfter(cls, ElfConstants.TypeCore, machine, xnum ? ElfConstants.PnXnum : phnum) with
            {
                SectionHeaderOffset = (ulong)shoff,
                SectionHeaderEntrySize = (ushort)(xnum ? cls.SectionHeaderSize : 0),
                SectionHeaderCount = (ushort)(xnum ? 1 : 0),
            };
            var ehdr = new byte[cls.HeaderSize];
            header.Write(ehdr);
            sink.Write(0, ehdr);

            int phdrSize = cls.ProgramHeaderSize;
            var table = new byte[phdrSize * phnum];
            ProgramHeader note = (noteTemplate ?? new ProgramHeader { Type = ElfConstants.PtNote }) with
            {
                Type = ElfConstants.PtNote,
                Offset = (ulong)noteOffset,
                FileSize = (ulong)notes.Length,
                MemorySize = noteTemplate != null && noteTemplate.MemorySize == noteTemplate.FileSize ? (ulong)notes.Length : noteTemplate?.MemorySize ?? (ulong)notes.Length,
            };
            note.Write(table.AsSpan(0, phdrSize), cls);
            long dataOffset = noteOffset + notes.Length;
            long off = dataOffset;
            for (int i = 0; i < layout.Loads.Count; i++)
            {
                ProgramHeader l = layout.Loads[i] with { Offset = (ulong)off };
                // makedumpfile sets p_offset 0 for a segment with no data except the last one of an input segment.
                if (l.FileSize == 0 && !layout.LastOfSegment[i])
                    l = l with { Offset = 0 };
                l.Write(table.AsSpan((i + 1) * phdrSize, phdrSize), cls);
                off += (long)l.FileSize;
            }
            sink.Write(cls.HeaderSize, table);
            if (xnum)
            {
                // gABI "Extended numbering": sh_size of section header 0 holds e_shnum, sh_info the real e_phnum.
                var shdr = new byte[cls.SectionHeaderSize];
                cls.WriteWord(shdr, cls.SectionSizeOffset, 1, "sh_size");
                BinaryPrimitives.WriteUInt32LittleEndian(shdr.AsSpan(cls.SectionInfoOffset), (uint)phnum);
                sink.Write(shoff, shdr);
            }
            if (notes.Length > 0) sink.Write(noteOffset, notes);
            return dataOffset;
        }

        // The kept bytes of every PT_LOAD, back to back from dataOffset, read 256 pages at a time.
        private static void CopyData(IDumpSink sink, IPageSource source, Layout layout, long dataOffset, Action<ulong, ulong>? progress)
        {
            int ps = source.PageSize;
            ulong done = 0;
            var buffer = new byte[ps * 256];
            long off = dataOffset;
            foreach (ProgramHeader load in layout.Loads)
            {
                ulong at = load.PhysicalAddress;
                ulong left = load.FileSize;
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
                    progress?.Invoke(done, layout.PagesKept);
                }
            }
        }
    }
}
