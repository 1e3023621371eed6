using System;
using System.IO;
using System.Linq;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Kdump;
using Common.Elf;
using Common.Memory;

namespace KRestore.Image
{
    /// <summary>
    /// An opened image with what the checks need from its headers: format, dump level (the kdump
    /// header's, or a KEXEC_JUMP note's for ELF), machine, completeness and the jump-back entry.
    /// </summary>
    internal sealed class RestoreImage : IDisposable
    {
        private readonly string? _temporaryFile;

        public RestoreImage(IPageSource source, string name, bool flattened, string? temporaryFile, DigestCheck digests)
        {
            Source = source;
            Name = name;
            _temporaryFile = temporaryFile;
            Digests = digests;
            KexecJumpNote note;
            try { note = KexecJumpNote.Find(source.Notes); }
            catch (ElfFormatException e) { throw new DumpFormatException($"{name}: {e.Message}"); }
            JumpNote = note;
            switch (source)
            {
                case KdumpPageSource k:
                    Format = "kdump-compressed (" + CompressionName(k.Header.Status) + ")";
                    DumpLevel = k.Header.DumpLevel;
                    Incomplete = k.IsIncomplete;
                    Split = k.Header.Split != 0;
                    MachineName = k.Header.Utsname.Length > 4 ? k.Header.Utsname[4] : null;
                    break;
                case ElfCorePageSource e:
                    Format = "ELF core";
                    DumpLevel = note.DumpLevel;
                    Incomplete = e.IsIncomplete;
                    MachineName = MachineNames.FromElf(e.Core.Header.Machine);
                    break;
                default:
                    Format = source.GetType().Name;
                    DumpLevel = note.DumpLevel;
                    break;
            }
            if (flattened) Format = "flattened " + Format;
            Described = new RangeSet(source.Segments.Where(s => s.MemorySize > 0 && s.PhysicalStart + s.MemorySize > s.PhysicalStart)
                .Select(s => new PhysicalRange(s.PhysicalStart, s.PhysicalStart + s.MemorySize)));
        }

        public IPageSource Source { get; }
        public string Name { get; }
        public string Format { get; }
        public int PageSize => Source.PageSize;
        /// <summary>The -d the image was saved with, or null when the image does not say (ELF without a KEXEC_JUMP note).</summary>
        public int? DumpLevel { get; }
        public bool Incomplete { get; }
        public bool Split { get; }
        /// <summary>uname -m of the dumped machine (kdump header) or its ELF e_machine as a name.</summary>
        public string? MachineName { get; }
        public KexecJumpNote JumpNote { get; }
        /// <summary>The digest check done when the image was opened (verified, or no trailer).</summary>
        public DigestCheck Digests { get; }
        /// <summary>The image's KEXEC_JUMP note says it was written with a digest trailer.</summary>
        public bool DigestsAnnounced => JumpNote.Digests.HasValue;
        /// <summary>Every byte range the image describes, kept or left out (PT_LOAD p_memsz, kdump first bitmap).</summary>
        public RangeSet Described { get; }
        public string? OsRelease => Source.VmcoreInfo?.OsRelease;

        private static string CompressionName(uint status)
        {
            if ((status & KdumpConstants.CompressedZlib) != 0) return "zlib";
            if ((status & KdumpConstants.CompressedLzo) != 0) return "lzo";
            if ((status & KdumpConstants.CompressedSnappy) != 0) return "snappy";
            if ((status & KdumpConstants.CompressedZstd) != 0) return "zstd";
            return "uncompressed";
        }

        public void Dispose()
        {
            Source.Dispose();
            if (_temporaryFile != null)
            {
                try { File.Delete(_temporaryFile); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
                Common.DumpFormats.Output.PartialFiles.Release(_temporaryFile);
            }
        }
    }
}
