using System;
using System.Collections.Generic;
using System.Linq;
using Common.Elf;
using Common.Vmcore;

namespace Common.DumpFormats.Elf
{
    /// <summary>
    /// Pages of an ELF core (/proc/vmcore, QEMU dump-guest-memory, makedumpfile -E output).
    /// Physical addresses map to file offsets through the PT_LOAD headers; the first segment
    /// holding an address wins, as in makedumpfile's paddr_to_offset() (elf_info.c), which
    /// matters for /proc/vmcore's kernel-text segment that overlaps RAM.
    /// </summary>
    public sealed class ElfCorePageSource : IPageSource
    {
        private readonly PositionalFile _file;
        private readonly PhysicalSegment[] _segments;
        private readonly PhysicalSegment[] _byAddress;

        private ElfCorePageSource(PositionalFile file, ElfCoreFile core, int pageSize, byte[] notes, VmcoreInfo? info)
        {
            _file = file;
            Core = core;
            PageSize = pageSize;
            Notes = notes;
            VmcoreInfo = info;
            _segments = core.Loads.Select(p => new PhysicalSegment(p.PhysicalAddress, p.MemorySize, p.FileSize, (long)p.Offset, p.VirtualAddress, p.Flags, p.Align)).ToArray();
            _byAddress = _segments.Where(s => s.FileSize > 0).OrderBy(s => s.PhysicalStart).ToArray();
            ulong maxEnd = 0;
            foreach (PhysicalSegment s in _segments)
            {
                ulong end = s.PhysicalStart + s.MemorySize;
                if (end < s.PhysicalStart) throw new DumpFormatException($"PT_LOAD at 0x{s.PhysicalStart:x} with size 0x{s.MemorySize:x} wraps around");
                if (end > maxEnd) maxEnd = end;
            }
            if (maxEnd > (1UL << 52)) throw new DumpFormatException($"PT_LOAD segments reach physical address 0x{maxEnd:x}, beyond x86's 52-bit limit");
            MaxMapNr = (maxEnd + (ulong)pageSize - 1) / (ulong)pageSize;
            Origin = new ImageOrigin
            {
                Name = file.Path,
                Machine = core.Header.Machine,
                ElfClass = core.Header.Class,
                ElfNoteHeader = core.ProgramHeaders.FirstOrDefault(p => p.IsNote),
                KeepsExcludedZeroPages = false,
            };
        }

        public ElfCoreFile Core { get; }
        public int PageSize { get; }
        public ulong MaxMapNr { get; }
        public IReadOnlyList<PhysicalSegment> Segments => _segments;
        public byte[] Notes { get; }
        public VmcoreInfo? VmcoreInfo { get; }
        public ulong? HeaderPhysBase => null;
        public int PreviousDumpLevel => 0;
        public string Path => _file.Path;
        public ImageOrigin Origin { get; }
        /// <summary>makedumpfile's DUMP_ELF_INCOMPLETE bit in e_flags: the writer ran out of space.</summary>
        public bool IsIncomplete => ElfCoreIncomplete.IsSet(Core.Header);

        /// <summary>Opens an ELF core. The page size comes from VMCOREINFO when present, else 4 KiB (x86).</summary>
        public static ElfCorePageSource Open(string path)
        {
            ElfCoreFile core;
            try { core = ElfCoreFile.Read(path); }
            catch (ElfFormatException e) { throw new DumpFormatException(e.Message); }
            var file = new PositionalFile(path);
            try
            {
                var notes = new List<byte>();
                foreach (ProgramHeader ph in core.ProgramHeaders.Where(p => p.IsNote))
                {
                    var buf = new byte[(int)ph.FileSize];
                    file.ReadExactly((long)ph.Offset, buf, "PT_NOTE segment");
                    notes.AddRange(buf);
                }
                if (!core.Loads.Any()) throw new DumpFormatException($"{path}: the core has no PT_LOAD segment");
                VmcoreInfo? info;
                try { info = core.ReadVmcoreInfo(); }
                catch (FormatException e) { throw new DumpFormatException("VMCOREINFO note: " + e.Message); }
                int pageSize = 4096;
                if (info != null)
                {
                    try { pageSize = info.PageSize; }
                    catch (FormatException e) { throw new DumpFormatException(e.Message); }
                }
                return new ElfCorePageSource(file, core, pageSize, notes.ToArray(), info);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        public bool HasPage(ulong pfn) => FindSegment(pfn * (ulong)PageSize) >= 0;

        // Binary search over the file-backed segments by start address; the first (lowest) match
        // is what makedumpfile's linear search finds for non-overlapping layouts, and for
        // overlapping ones both copies hold the same bytes.
        private int FindSegment(ulong paddr)
        {
            int lo = 0, hi = _byAddress.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (_byAddress[mid].PhysicalStart <= paddr) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            // Walk back over overlapping segments that start earlier but still cover paddr.
            for (int i = found; i >= 0; i--)
            {
                PhysicalSegment s = _byAddress[i];
                if (paddr - s.PhysicalStart < s.FileSize) return i;
                if (i < found && s.PhysicalStart + s.FileSize <= _byAddress[found].PhysicalStart) break;
            }
            return -1;
        }

        public void ReadPage(ulong pfn, Span<byte> destination) => ReadPages(pfn, 1, destination);

        public void ReadPages(ulong firstPfn, int count, Span<byte> destination)
        {
            ulong paddr = firstPfn * (ulong)PageSize;
            int length = count * PageSize;
            destination = destination.Slice(0, length);
            int done = 0;
            while (done < length)
            {
                ulong at = paddr + (ulong)done;
                int seg = FindSegment(at);
                if (seg < 0)
                {
                    // A hole: zero up to the next segment start (or to the end).
                    int next = length;
                    foreach (PhysicalSegment s in _byAddress)
                        if (s.PhysicalStart > at && s.PhysicalStart - at < (ulong)(length - done)) { next = done + (int)(s.PhysicalStart - at); break; }
                    destination.Slice(done, next - done).Clear();
                    done = next;
                    continue;
                }
                PhysicalSegment sg = _byAddress[seg];
                ulong delta = at - sg.PhysicalStart;
                int n = (int)Math.Min((ulong)(length - done), sg.FileSize - delta);
                _file.ReadExactly(sg.FileOffset + (long)delta, destination.Slice(done, n), $"page data of physical address 0x{at:x}");
                done += n;
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
