using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Common.DumpFormats.Jump
{
    /// <summary>
    /// Where kernel A's pages that lie in kernel B's range are while B (or a resuming kernel in
    /// that range) runs: in the source pages of A's kexec image, swapped back into place when A
    /// is re-entered (native/README.md, "Layout", item 5). Read from the image itself through the
    /// interface A's VMCOREINFO documents (<see cref="JumpBackLayout"/>): the word at
    /// NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET) in the jump-back entry's page (A's control page) is
    /// image->head, the start of the entry list that relocate_kernel walks: IND_DESTINATION 0x1 sets
    /// the destination, IND_INDIRECTION 0x2 continues at another page of entries, IND_DONE 0x4
    /// ends, IND_SOURCE 0x8 names the source page of the current destination, which then
    /// advances one page; words with none of these bits are skipped, as swap_pages does. Words are
    /// SIZE(kimage_entry_t) bytes (8 on x86_64, 4 on i386). Those pages are never destinations of
    /// the image, so they are outside B's range even when A's kernel is inside it.
    /// Shared by krestore (writes A's pages to their sources) and makedumpfile (saves A's pages
    /// from their sources).
    /// </summary>
    public sealed class JumpBackMap
    {
        private const ulong IndDestination = 0x1;
        private const ulong IndIndirection = 0x2;
        private const ulong IndDone = 0x4;
        private const ulong IndSource = 0x8;
        private const int X86PageSize = 4096;
        // More entries than 2^24 (64 GiB of destinations) means the list is not what we think.
        private const int MaxWords = 1 << 24;
        // x86_64's largest physical address width (MAXPHYADDR) is 52 bits; i386 words are 32 bits.
        private const ulong PhysicalLimit = 1UL << 52;
        private const ulong PhysicalLimit32 = 1UL << 32;

        private readonly Dictionary<ulong, ulong> _sourceOf = new Dictionary<ulong, ulong>();
        private readonly HashSet<ulong> _sources = new HashSet<ulong>();

        private JumpBackMap(ulong entry, ulong head, EntryListLookup lookup)
        {
            Entry = entry;
            Head = head;
            Lookup = lookup;
        }

        /// <summary>How the head was found: through A's VMCOREINFO export, or the fallback for kernels without it.</summary>
        public EntryListLookup Lookup { get; }

        /// <summary>What the tools say when the fallback found the list (a guess of A's private layout), else null.</summary>
        public string? LookupWarning => Lookup == EntryListLookup.PrivateLayoutFallback
            ? $"kernel A's VMCOREINFO does not export where its kexec entry list is (NUMBER({JumpBackLayout.OffsetKey})); read relocate_kernel's private layout instead (head at control page 0x{ControlPage:x} + 0x{HeadOffset:x})"
            : null;

        /// <summary>Offset of the head word in A's control page.</summary>
        public ulong HeadOffset { get; private set; }

        public ulong Entry { get; }
        public ulong ControlPage => Entry & ~(ulong)(X86PageSize - 1);
        public ulong Head { get; }
        public int Count => _sourceOf.Count;

        /// <summary>The frame holding A's page for destination frame <paramref name="destinationPfn"/>.</summary>
        public bool TryGetSource(ulong destinationPfn, out ulong sourcePfn) => _sourceOf.TryGetValue(destinationPfn, out sourcePfn);

        /// <summary>True when the frame is the source page of some destination (its image content is replaced).</summary>
        public bool IsSource(ulong pfn) => _sources.Contains(pfn);

        /// <summary>Every destination frame with its source frame, by destination.</summary>
        public IEnumerable<KeyValuePair<ulong, ulong>> Pairs
        {
            get
            {
                var keys = new List<ulong>(_sourceOf.Keys);
                keys.Sort();
                foreach (ulong d in keys) yield return new KeyValuePair<ulong, ulong>(d, _sourceOf[d]);
            }
        }

        /// <summary>
        /// Reads A's entry list where A's VMCOREINFO (in the image) says it is: the documented
        /// interface (<see cref="JumpBackLayout"/>), used whenever A's VMCOREINFO names either of its
        /// two entries (a partial or bad export is refused, never patched up by the fallback).
        /// Only a kernel that exports neither goes to <see cref="ReadWithoutExport"/>.
        /// </summary>
        public static JumpBackMap Read(IPageSource image, ulong entry)
        {
            Common.Vmcore.VmcoreInfo? info = image.VmcoreInfo;
            if (JumpBackLayout.IsExported(info))
                return Read(image, entry, JumpBackLayout.FromVmcoreInfo(info));
            return ReadWithoutExport(image, entry, info);
        }

        /// <summary>
        /// FALLBACK, for kernels without the series' VMCOREINFO export (unpatched layouts: a
        /// kernel built without native/kexec_jump_kernel.patch's "kexec: export where a kexec jump
        /// keeps its entry list in VMCOREINFO"): relocate_kernel's private control-page layout,
        /// chosen by A's OSRELEASE and word size guess (<see cref="ControlPageLayout"/>). Private to
        /// each kernel version, so it is right only for the layouts ControlPageLayout knows.
        /// </summary>
        private static JumpBackMap ReadWithoutExport(IPageSource image, ulong entry, Common.Vmcore.VmcoreInfo? info)
        {
            bool i386 = IsI386(info);
            return Read(image, entry, i386 ? 4 : 8, (page, control) => ControlPageLayout.HeadOffset(page, control, i386, info?.OsRelease),
                EntryListLookup.PrivateLayoutFallback);
        }

        /// <summary>
        /// Fallback only: i386 kernels' VMCOREINFO has SYMBOL(swapper_pg_dir) at a 32-bit address and
        /// no SYMBOL(init_top_pgt) (arch/x86/kernel/machine_kexec_{32,64}.c); without VMCOREINFO, x86_64.
        /// </summary>
        public static bool IsI386(Common.Vmcore.VmcoreInfo? info)
        {
            if (info == null || info.Symbol("init_top_pgt") != null) return false;
            ulong? pgd = info.Symbol("swapper_pg_dir");
            return pgd != null && pgd.Value <= uint.MaxValue;
        }

        public static JumpBackMap Read(IPageSource image, ulong entry, JumpBackLayout layout) =>
            Read(image, entry, layout.WordSize, (page, control) => (ulong)layout.HeadOffset, EntryListLookup.VmcoreInfoExport);

        private static JumpBackMap Read(IPageSource image, ulong entry, int wordSize, Func<byte[], ulong, ulong> headOffsetOf, EntryListLookup lookup)
        {
            bool words32 = wordSize == 4;
            ulong limit = words32 ? PhysicalLimit32 : PhysicalLimit;
            ulong Word(byte[] p, int at) => words32 ? BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(at)) : BinaryPrimitives.ReadUInt64LittleEndian(p.AsSpan(at));
            if (image.PageSize != X86PageSize)
                throw new DumpFormatException($"the kexec entry list is an x86 layout with 4 KiB pages; the image has {image.PageSize}-byte pages");
            var page = new byte[X86PageSize];
            ulong control = entry & ~(ulong)(X86PageSize - 1);
            ReadImagePage(image, control, page, "kernel A's control page (jump-back entry 0x" + entry.ToString("x") + ")");
            ulong headOffset = headOffsetOf(page, control);
            ulong head = Word(page, (int)headOffset);
            // kimage_add_entry() makes image->head an IND_INDIRECTION word; an image without
            // pages has IND_DONE there (kimage_terminate()). Anything else is not a list.
            if (head != IndDone && ((head & (X86PageSize - 1)) != IndIndirection || head >= limit))
                throw new DumpFormatException($"the word at kernel A's control page 0x{control:x} + 0x{headOffset:x} (0x{head:x}) is no kexec entry list head: is 0x{entry:x} A's jump-back entry?");
            var map = new JumpBackMap(entry, head, lookup) { HeadOffset = headOffset };

            var visited = new HashSet<ulong>();
            ulong destination = 0;
            bool haveDestination = false;
            ulong word = head;
            int index = -1; // -1: the word is image->head itself, not in an entry page
            for (int steps = 0; ; steps++)
            {
                if (steps > MaxWords) throw new DumpFormatException($"the kexec entry list at 0x{head:x} does not end within {MaxWords} entries");
                if ((word & (IndDestination | IndIndirection | IndSource)) != 0 && word >= limit)
                    throw new DumpFormatException($"the kexec entry list holds 0x{word:x}, beyond the {(words32 ? 32 : 52)}-bit physical address space");
                if ((word & IndDestination) != 0)
                {
                    destination = word & ~(ulong)(X86PageSize - 1);
                    haveDestination = true;
                }
                else if ((word & IndIndirection) != 0)
                {
                    ulong at = word & ~(ulong)(X86PageSize - 1);
                    if (!visited.Add(at)) throw new DumpFormatException($"the kexec entry list loops back to its page 0x{at:x}");
                    ReadImagePage(image, at, page, "a page of kernel A's kexec entry list");
                    index = 0;
                    word = Word(page, 0);
                    continue;
                }
                else if ((word & IndDone) != 0)
                {
                    break;
                }
                else if ((word & IndSource) != 0)
                {
                    if (!haveDestination) throw new DumpFormatException($"the kexec entry list names a source page (0x{word:x}) before any destination");
                    ulong sourcePfn = (word & ~(ulong)(X86PageSize - 1)) / X86PageSize;
                    ulong destinationPfn = destination / X86PageSize;
                    map._sourceOf[destinationPfn] = sourcePfn;
                    if (sourcePfn != destinationPfn) map._sources.Add(sourcePfn);
                    destination += X86PageSize;
                }
                if (index < 0) break; // head was neither an indirection page nor anything to follow
                index++;
                if (index >= X86PageSize / wordSize) throw new DumpFormatException("a page of the kexec entry list ends without a link to the next one");
                word = Word(page, index * wordSize);
            }
            return map;
        }

        private static void ReadImagePage(IPageSource image, ulong address, byte[] page, string what)
        {
            ulong pfn = address / X86PageSize;
            if (!image.HasPage(pfn)) throw new DumpFormatException($"{what} at 0x{address:x} is not in the image");
            image.ReadPage(pfn, page);
        }
    }
}
