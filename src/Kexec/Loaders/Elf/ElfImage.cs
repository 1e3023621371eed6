using System;
using System.Collections.Generic;
using System.Text;
using Common.Elf;

namespace Kexec.Loaders.Elf
{
    /// <summary>An ELF executable's header and loadable segments, read with bounds checks.</summary>
    internal sealed class ElfImage
    {
        public const ulong MaxPhysicalAddress = 1UL << 52;

        private ElfImage(ElfHeader header, List<ProgramHeader> loads, bool hasLinuxNote)
        {
            Header = header;
            Loads = loads;
            HasLinuxNote = hasLinuxNote;
        }

        public ElfHeader Header { get; }
        public List<ProgramHeader> Loads { get; }

        /// <summary>vmlinux carries ELF notes named "Linux" (include/linux/elfnote.h users such as the build salt),
        /// or at least the "Linux version " banner (init/version.c).</summary>
        public bool HasLinuxNote { get; }

        public static bool LooksLikeElf(byte[] file) => ElfHeader.HasMagic(file);

        /// <summary>
        /// Reads the header and PT_LOADs. <paramref name="checkRanges"/> false (for probing what
        /// the file is) skips the check of where the segments go, so that a kernel with one bad
        /// segment is named as such when loaded instead of "not a kernel".
        /// </summary>
        public static ElfImage Parse(byte[] file, string name, bool checkRanges = true)
        {
            ElfHeader h;
            try
            {
                h = ElfHeader.Parse(file);
            }
            catch (ElfFormatException e)
            {
                throw new KexecException($"{name}: {e.Message}");
            }
            if (h.Type != ElfConstants.TypeExec)
                throw new KexecException($"{name}: ELF type {h.Type} is not an executable (ET_EXEC)");
            int phsz = h.Class.ProgramHeaderSize;
            if (h.ProgramHeaderCount == 0)
                throw new KexecException($"{name}: ELF file has no program headers");
            // Compared without adding to e_phoff, which the file sets and a sum could wrap.
            if (h.ProgramHeaderOffset > (ulong)file.Length || (ulong)(h.ProgramHeaderCount * phsz) > (ulong)file.Length - h.ProgramHeaderOffset)
                throw new KexecException($"{name}: truncated ELF file: program headers end past the file");
            var loads = new List<ProgramHeader>();
            bool linuxNote = false;
            for (int i = 0; i < h.ProgramHeaderCount; i++)
            {
                var ph = ProgramHeader.Parse(file.AsSpan((int)h.ProgramHeaderOffset + i * phsz), h.Class);
                if (ph.IsLoad)
                {
                    if (ph.FileSize > ph.MemorySize)
                        throw new KexecException($"{name}: PT_LOAD {i} has filesz above memsz");
                    if (ph.Offset + ph.FileSize > (ulong)file.Length || ph.Offset + ph.FileSize < ph.Offset)
                        throw new KexecException($"{name}: truncated ELF file: PT_LOAD {i} ends at 0x{ph.Offset + ph.FileSize:x}, the file has 0x{file.Length:x} bytes");
                    // x86 physical addresses have at most 52 bits (MAX_PHYSMEM_BITS with 5-level
                    // paging); checking here keeps page rounding of the segment from wrapping.
                    if (checkRanges && (ph.MemorySize > MaxPhysicalAddress || ph.PhysicalAddress > MaxPhysicalAddress - ph.MemorySize))
                        throw new KexecException($"{name}: PT_LOAD {i} (paddr 0x{ph.PhysicalAddress:x}, memsz 0x{ph.MemorySize:x}) reaches beyond x86's 52-bit physical address space");
                    if (ph.MemorySize > 0) loads.Add(ph);
                }
                else if (ph.IsNote && ph.Offset <= (ulong)file.Length && ph.FileSize <= (ulong)file.Length - ph.Offset && ph.FileSize < 1 << 20)
                {
                    try
                    {
                        foreach (var n in ElfNote.ParseAll(file.AsSpan((int)ph.Offset, (int)ph.FileSize)))
                            if (n.Name == "Linux") linuxNote = true;
                    }
                    catch (ElfFormatException)
                    {
                        // A malformed note area just means "not recognisably Linux".
                    }
                }
            }
            if (loads.Count == 0)
                throw new KexecException($"{name}: ELF file has no loadable segments");
            return new ElfImage(h, loads, linuxNote || ContainsLinuxBanner(file));
        }

        private static bool ContainsLinuxBanner(byte[] file)
        {
            byte[] needle = Encoding.ASCII.GetBytes("Linux version ");
            int limit = file.Length - needle.Length;
            for (int i = 0; i <= limit; i++)
            {
                if (file[i] != needle[0]) continue;
                int j = 1;
                while (j < needle.Length && file[i + j] == needle[j]) j++;
                if (j == needle.Length) return true;
            }
            return false;
        }
    }
}
