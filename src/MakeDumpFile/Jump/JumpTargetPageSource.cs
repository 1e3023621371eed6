using System;
using System.Collections.Generic;
using Common.DumpFormats;
using Common.DumpFormats.Jump;
using Common.Vmcore;

namespace MakeDumpFile.Jump
{
    /// <summary>
    /// Kernel A's memory as A sees it, read from inside a jump target B. While B runs, A's pages
    /// in B's range are in the source pages of A's kexec image (relocate_kernel swapped them:
    /// native/README.md "Layout" item 5), and the ELF core header B got has no PT_LOADs for B's
    /// range. This view adds every destination page of A's entry list whose source is another
    /// page, with that source's bytes, so A's kernel, page tables and printk buffer read right
    /// even where they lie in B's range. Source pages are left out: for A they are kexec's
    /// buffers (what they hold is the destination's bytes, shown there; krestore writes an
    /// image's destination pages to them and ignores the image at source addresses). A destination
    /// that is its own source was a page kexec took from A's free memory: its bytes are B's and
    /// it is left out, like a hole.
    /// </summary>
    internal sealed class JumpTargetPageSource : IPageSource
    {
        private readonly IPageSource _inner;
        private readonly Dictionary<ulong, ulong> _sourceOf = new Dictionary<ulong, ulong>();
        private readonly HashSet<ulong> _hiddenSources = new HashSet<ulong>();
        private readonly List<PhysicalSegment> _segments;

        private JumpTargetPageSource(IPageSource inner, JumpBackMap map, bool strict)
        {
            _inner = inner;
            Map = map;
            _segments = new List<PhysicalSegment>(inner.Segments);
            ulong maxMapNr = inner.MaxMapNr;
            ulong runStart = 0, runEnd = 0;
            foreach (KeyValuePair<ulong, ulong> pair in map.Pairs)
            {
                ulong destination = pair.Key, source = pair.Value;
                if (source == destination) continue;
                if (!inner.HasPage(source))
                {
                    // A saved image may have filtered the source out (a zero page, say); then
                    // whatever it holds at the destination stands.
                    if (!strict) continue;
                    throw new DumpFormatException(
                        $"kernel A's kexec entry list puts A's page 0x{destination * (ulong)inner.PageSize:x} at 0x{source * (ulong)inner.PageSize:x}, which the input does not hold");
                }
                _sourceOf[destination] = source;
                _hiddenSources.Add(source);
                if (inner.HasPage(destination)) continue; // already described (a saved image): only its bytes change
                if (destination == runEnd && runEnd != runStart)
                {
                    runEnd++;
                }
                else
                {
                    AddRun(runStart, runEnd);
                    runStart = destination;
                    runEnd = destination + 1;
                }
                if (destination + 1 > maxMapNr) maxMapNr = destination + 1;
            }
            AddRun(runStart, runEnd);
            MaxMapNr = maxMapNr;
        }

        public JumpBackMap Map { get; }

        /// <summary>The input's: its ELF class and machine are the output's.</summary>
        public ImageOrigin Origin => _inner.Origin;

        /// <summary>Destination pages shown with their source's bytes.</summary>
        public int RedirectedPages => _sourceOf.Count;

        /// <summary>Source pages of those destinations: in the input's memory map, but left out.</summary>
        public IEnumerable<ulong> HiddenSourcePages => _hiddenSources;

        /// <summary>
        /// Reads A's entry list from the input and builds the view. Throws on a list that is not
        /// sound; with <paramref name="strict"/> also on a source page the input lacks (a raw core
        /// such as /proc/vmcore holds all of A's RAM outside B's range).
        /// </summary>
        public static JumpTargetPageSource Create(IPageSource inner, ulong jumpBackEntry, bool strict = true)
        {
            JumpBackMap map = JumpBackMap.Read(inner, jumpBackEntry);
            if (map.Count == 0)
                throw new DumpFormatException($"kernel A's kexec entry list (head 0x{map.Head:x}) names no pages: 0x{jumpBackEntry:x} is not the entry of a loaded jump image");
            return new JumpTargetPageSource(inner, map, strict);
        }

        private void AddRun(ulong start, ulong end)
        {
            if (end <= start) return;
            ulong ps = (ulong)_inner.PageSize;
            // Direct-map virtual addresses like the input's RAM loads (vmcore: PAGE_OFFSET + paddr).
            ulong virtualStart = 0;
            foreach (PhysicalSegment s in _inner.Segments)
                if (s.VirtualStart >= s.PhysicalStart && s.VirtualStart - s.PhysicalStart != 0 && s.VirtualStart < 0xffffffff80000000UL)
                {
                    virtualStart = s.VirtualStart - s.PhysicalStart + start * ps;
                    break;
                }
            _segments.Add(new PhysicalSegment(start * ps, (end - start) * ps, (end - start) * ps, -1, virtualStart));
        }

        public int PageSize => _inner.PageSize;
        public ulong MaxMapNr { get; }
        public IReadOnlyList<PhysicalSegment> Segments => _segments;
        public byte[] Notes => _inner.Notes;
        public VmcoreInfo? VmcoreInfo => _inner.VmcoreInfo;
        public ulong? HeaderPhysBase => _inner.HeaderPhysBase;
        public int PreviousDumpLevel => _inner.PreviousDumpLevel;

        public bool HasPage(ulong pfn) => _sourceOf.ContainsKey(pfn) || (!IsOwnDestination(pfn) && !_hiddenSources.Contains(pfn) && _inner.HasPage(pfn));

        private bool IsOwnDestination(ulong pfn) => Map.TryGetSource(pfn, out ulong s) && s == pfn;

        public void ReadPage(ulong pfn, Span<byte> destination) => ReadPages(pfn, 1, destination);

        public void ReadPages(ulong firstPfn, int count, Span<byte> destination)
        {
            int ps = PageSize;
            int i = 0;
            while (i < count)
            {
                ulong pfn = firstPfn + (ulong)i;
                if (_sourceOf.TryGetValue(pfn, out ulong source))
                {
                    _inner.ReadPage(source, destination.Slice(i * ps, ps));
                    i++;
                    continue;
                }
                if (IsOwnDestination(pfn) || _hiddenSources.Contains(pfn))
                {
                    destination.Slice(i * ps, ps).Clear();
                    i++;
                    continue;
                }
                // A run the inner source reads as it is.
                int run = 1;
                while (i + run < count && !_sourceOf.ContainsKey(pfn + (ulong)run) && !IsOwnDestination(pfn + (ulong)run) && !_hiddenSources.Contains(pfn + (ulong)run)) run++;
                _inner.ReadPages(pfn, run, destination.Slice(i * ps, run * ps));
                i += run;
            }
        }

        public void Dispose() => _inner.Dispose();
    }
}
