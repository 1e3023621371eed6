using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Common.Vmcore;

namespace Common.Elf
{
    /// <summary>
    /// The headers of an ELF core (a /proc/vmcore, a makedumpfile -E file, a QEMU
    /// dump-guest-memory file): ELF header, program headers wherever e_phoff puts them,
    /// and the notes. Every offset and size is checked against the file's length.
    /// </summary>
    public sealed class ElfCoreFile
    {
        /// <summary>Larger PT_NOTE segments than this are refused as corrupt.</summary>
        public const long MaxNoteSegmentSize = 64L << 20;

        private ElfCoreFile(ElfHeader header, IReadOnlyList<ProgramHeader> programHeaders, IReadOnlyList<ElfNote> notes, long fileLength)
        {
            Header = header;
            ProgramHeaders = programHeaders;
            Notes = notes;
            FileLength = fileLength;
            Loads = programHeaders.Where(p => p.IsLoad).ToList();
        }

        public ElfHeader Header { get; }
        public IReadOnlyList<ProgramHeader> ProgramHeaders { get; }
        public IReadOnlyList<ProgramHeader> Loads { get; }
        public IReadOnlyList<ElfNote> Notes { get; }
        public long FileLength { get; }

        public ElfNote? FindNote(string name) => Notes.FirstOrDefault(n => n.Name == name);

        /// <summary>The parsed VMCOREINFO note, or null when the core has none.</summary>
        public VmcoreInfo? ReadVmcoreInfo()
        {
            ElfNote? note = FindNote(VmcoreInfo.NoteName);
            return note == null ? null : VmcoreInfo.Parse(note.Descriptor);
        }

        public static ElfCoreFile Read(string path)
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
            return Read(fs);
        }

        /// <summary>Reads the headers from a seekable stream positioned anywhere.</summary>
        public static ElfCoreFile Read(Stream stream)
        {
            if (!stream.CanSeek) throw new ArgumentException("an ELF core must be read from a seekable stream", nameof(stream));
            long length = stream.Length;
            byte[] ehdrBytes = ReadExactlyAt(stream, 0, (int)Math.Min(length, ElfClass.Elf64.HeaderSize), "ELF header");
            ElfHeader header = ElfHeader.Parse(ehdrBytes);
            if (header.Type != ElfConstants.TypeCore)
                throw new ElfFormatException($"ELF type {header.Type} is not a core file (ET_CORE)");

            int phnum = header.ProgramHeaderCount;
            if (phnum == ElfConstants.PnXnum) phnum = ReadExtendedPhnum(stream, header, length);
            if (phnum == 0) throw new ElfFormatException("core file has no program headers");
            int phsize = header.Class.ProgramHeaderSize;
            ulong tableEnd = header.ProgramHeaderOffset + (ulong)phnum * (ulong)phsize;
            if (header.ProgramHeaderOffset < (ulong)header.Size || tableEnd > (ulong)length || tableEnd < header.ProgramHeaderOffset)
                throw new ElfFormatException($"program headers at 0x{header.ProgramHeaderOffset:x} (x{phnum}) lie outside the file of {length} bytes");
            byte[] table = ReadExactlyAt(stream, (long)header.ProgramHeaderOffset, phnum * phsize, "program headers");

            var phdrs = new List<ProgramHeader>(phnum);
            var notes = new List<ElfNote>();
            for (int i = 0; i < phnum; i++)
            {
                ProgramHeader ph = ProgramHeader.Parse(table.AsSpan(i * phsize, phsize), header.Class);
                if (ph.IsLoad || ph.IsNote)
                {
                    ulong end = ph.Offset + ph.FileSize;
                    if (end < ph.Offset || end > (ulong)length)
                        throw new ElfFormatException($"segment {i} (offset 0x{ph.Offset:x}, size 0x{ph.FileSize:x}) extends past the end of the file ({length} bytes): truncated core?");
                    if (ph.IsLoad && ph.FileSize > ph.MemorySize)
                        throw new ElfFormatException($"segment {i} has more file bytes (0x{ph.FileSize:x}) than memory (0x{ph.MemorySize:x})");
                }
                if (ph.IsNote)
                {
                    if (ph.FileSize > MaxNoteSegmentSize)
                        throw new ElfFormatException($"note segment {i} claims {ph.FileSize} bytes");
                    byte[] noteBytes = ReadExactlyAt(stream, (long)ph.Offset, (int)ph.FileSize, "notes");
                    notes.AddRange(ElfNote.ParseAll(noteBytes));
                }
                phdrs.Add(ph);
            }
            return new ElfCoreFile(header, phdrs, notes, length);
        }

        /// <summary>
        /// Finds the PT_LOAD holding physical address <paramref name="paddr"/> and returns the
        /// file offset of that byte and how many bytes of the segment's file image follow it.
        /// Bytes past p_filesz (but within p_memsz) read as zero and are not counted.
        /// </summary>
        public bool TryMapPhysical(ulong paddr, out long fileOffset, out ulong bytesAvailable)
        {
            foreach (ProgramHeader ph in Loads)
            {
                if (paddr >= ph.PhysicalAddress && paddr - ph.PhysicalAddress < ph.FileSize)
                {
                    ulong delta = paddr - ph.PhysicalAddress;
                    fileOffset = (long)(ph.Offset + delta);
                    bytesAvailable = ph.FileSize - delta;
                    return true;
                }
            }
            fileOffset = 0;
            bytesAvailable = 0;
            return false;
        }

        // e_phnum == PN_XNUM: the real count is sh_info of section header 0 (gABI, "Extended numbering").
        private static int ReadExtendedPhnum(Stream stream, ElfHeader header, long length)
        {
            int shsize = header.Class.SectionHeaderSize;
            if (header.SectionHeaderOffset == 0 || header.SectionHeaderOffset > (ulong)length || (ulong)shsize > (ulong)length - header.SectionHeaderOffset)
                throw new ElfFormatException("e_phnum is PN_XNUM but section header 0 is missing");
            byte[] sh = ReadExactlyAt(stream, (long)header.SectionHeaderOffset, shsize, "section header 0");
            uint info = BinaryPrimitives.ReadUInt32LittleEndian(sh.AsSpan(header.Class.SectionInfoOffset));
            if (info == 0 || info > 1_000_000) throw new ElfFormatException($"extended program header count {info} is not plausible");
            return (int)info;
        }

        internal static byte[] ReadExactlyAt(Stream stream, long offset, int count, string what)
        {
            var buffer = new byte[count];
            stream.Seek(offset, SeekOrigin.Begin);
            int done = 0;
            while (done < count)
            {
                int n = stream.Read(buffer, done, count - done);
                if (n <= 0) throw new ElfFormatException($"{what} truncated at offset {offset + done}");
                done += n;
            }
            return buffer;
        }
    }
}
