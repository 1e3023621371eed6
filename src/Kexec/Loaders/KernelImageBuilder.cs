using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Common.Elf;
using Common.Memory;
using Common.Platform;
using Kexec.Crash;
using Kexec.Memory;
using Kexec.Model;
using Kexec.Planning;
using Kexec.Purgatory;

namespace Kexec.Loaders
{
    /// <summary>
    /// The steps every kernel loader shares, in order: core header for crash and jump-back loads,
    /// (the loader places the kernel, initrd and boot data), the e820 map, preserve segments for
    /// jump-back loads, and last the purgatory, which hashes everything else.
    /// </summary>
    internal sealed class KernelImageBuilder
    {
        /// <summary>Room the purgatory needs at the command line's end: the parameter and 16 hex digits.</summary>
        public static readonly int JumpBackEntryRoom = PurgatoryLayout.JumpBackParameter.Length + 16;

        private readonly LoadContext _context;
        private bool _coreHeaderStepDone;

        public KernelImageBuilder(LoadContext context, string loaderName)
        {
            _context = context;
            Planner = new SegmentPlanner(context.AllowedMemory());
            Image = context.NewImage(loaderName);
            CommandLine = context.CommandLine;
        }

        public KexecImage Image { get; }

        public SegmentPlanner Planner { get; }

        /// <summary>The new kernel's command line so far (loaders and the core header add to it).</summary>
        public string CommandLine { get; private set; }

        /// <summary>Lowest address for segments: --mem-min, but not below 1 MiB except in a crash region.</summary>
        public ulong PlaceMin => _context.Kind == LoadKind.Crash ? _context.MemMin : Math.Max(_context.MemMin, LoadContext.LowMemoryEnd);

        public ulong PlaceMax => _context.MemMax;

        public bool Is64BitTarget => _context.Architecture == CpuArchitecture.X86_64;

        public Segment Add(Segment s)
        {
            Image.Segments.Add(s);
            return s;
        }

        /// <summary>
        /// The ELF core header segment of a crash or jump-back load, null for a normal one. Set by
        /// AddCoreHeaderIfNeeded alone; E820() leaves it out of the new kernel's memory map.
        /// </summary>
        public Segment? CoreHeader { get; private set; }

        /// <summary>
        /// Crash and jump-back loads: an ELF core header of the running kernel (CoreHeader), and
        /// elfcorehdr= (with --pass-memmap-cmdline the memmap= map) on CommandLine. Returns the
        /// segment it added, null for a normal load. Must run before E820() and CheckCommandLine,
        /// which use both, and does: they throw otherwise.
        /// </summary>
        public Segment? AddCoreHeaderIfNeeded()
        {
            _coreHeaderStepDone = true;
            if (_context.Kind == LoadKind.Normal) return null;
            ElfClass cls = _context.Request.Elf64CoreHeaders || !_context.Request.Elf32CoreHeaders && Is64BitTarget ? ElfClass.Elf64 : ElfClass.Elf32;
            var info = KernelCoreInfo.Read(_context.Files);
            var ram = (_context.CurrentRam.Count > 0 ? _context.CurrentRam : _context.MemoryMap).ToRangeSet(MemoryType.Ram);
            // Like arch/x86/kernel/crash.c's elf_header_exclude_ranges: not the low 1 MiB (the new
            // kernel reuses it), not the memory the new kernel itself runs in.
            ram.Remove(0, LoadContext.LowMemoryEnd);
            if (_context.Kind == LoadKind.Crash)
                foreach (var c in _context.CrashRanges) ram.Remove(c.Range);
            else
                foreach (var r in Planner.Allowed.Ranges) ram.Remove(r);
            ushort machine = Is64BitTarget ? ElfConstants.MachineX86_64 : ElfConstants.MachineI386;
            // The new kernel cannot read what lies in its own RAM (fs/proc/vmcore.c reads through
            // ioremap, which refuses RAM): notes there travel in the header segment, and a
            // kernel-text PT_LOAD there is left out (its pages are in the RAM loads' view anyway,
            // native/README.md "Layout" item 4).
            List<CoreNote> notes = CoreNotePlanner.Plan(info, _context.Files, Planner.Allowed, Image.Notes);
            var text = info.KernelText;
            if (text is { } t && Planner.Allowed.Intersects(t.Physical, t.Physical + t.Size))
            {
                Image.Notes.Add($"kernel text at 0x{t.Physical:x}-0x{t.Physical + t.Size - 1:x} lies in the new kernel's memory: no kernel-text PT_LOAD");
                text = null;
            }
            int size = ElfCoreHeaderBuilder.Build(cls, machine, notes, text, info.PageOffset, ram, 0).Length;
            ulong at = Planner.FindHole("elfcorehdr", (ulong)size, SegmentPlanner.PageSize, PlaceMin, PlaceMax, topDown: true);
            byte[] header = ElfCoreHeaderBuilder.Build(cls, machine, notes, text, info.PageOffset, ram, at);
            var seg = Add(Planner.PlaceAt("elfcorehdr", header, at, (ulong)header.Length));
            CoreHeader = seg;
            // SIZE@ADDR: the whole segment, notes copied after the program headers included, so a
            // kernel that finds the segment in its RAM reserves all of it (native/README.md, patch 3).
            CommandLine = AppendParameter(CommandLine, $"elfcorehdr={seg.MemorySize >> 10}K@{seg.Destination >> 10}K");
            if (_context.Kind == LoadKind.Crash && _context.Request.PassMemmapCmdline) AddMemmapParameters();
            Image.Notes.Add($"{cls.Name} core header: {ram.Ranges.Count} RAM ranges, {info.Notes.Count} notes, page offset 0x{info.PageOffset:x}{(info.PageOffsetFromKcore ? " (from /proc/kcore)" : " (default)")}");
            return seg;
        }

        private void RequireCoreHeaderStep(string step)
        {
            if (!_coreHeaderStepDone)
                throw new InvalidOperationException($"{step} before AddCoreHeaderIfNeeded: the core header and elfcorehdr= would be missing");
        }

        /// <summary>
        /// --pass-memmap-cmdline (kexec-tools' crashdump-x86.c cmdline_add_memmap): the crash
        /// kernel's memory map also as "memmap=exactmap memmap=SIZEK@STARTK ...", RAM with '@',
        /// ACPI with '#', the rest reserved with '$' (Documentation/admin-guide/kernel-parameters.txt).
        /// </summary>
        private void AddMemmapParameters()
        {
            CommandLine = AppendParameter(CommandLine, "memmap=exactmap");
            foreach (MemoryRange r in E820())
            {
                char kind = r.Type == MemoryType.Ram ? '@' : r.Type == MemoryType.AcpiTables || r.Type == MemoryType.AcpiNvs ? '#' : '$';
                ulong startK = r.Start >> 10, endK = (r.End + 1023) >> 10;
                if (endK > startK) CommandLine = AppendParameter(CommandLine, $"memmap={endK - startK}K{kind}{startK}K");
            }
        }

        public static string AppendParameter(string commandLine, string parameter) =>
            commandLine.Length == 0 ? parameter : commandLine + " " + parameter;

        /// <summary>Checks the final command line against the kernel's limit (cmdline_size, without the NUL).</summary>
        public void CheckCommandLine(uint limit)
        {
            RequireCoreHeaderStep(nameof(CheckCommandLine));
            int needed = Encoding.ASCII.GetByteCount(CommandLine) + (_context.Kind == LoadKind.JumpBack ? JumpBackEntryRoom : 0);
            if (needed > limit)
                throw new KexecException(
                    $"command line too long: {needed} bytes{(_context.Kind == LoadKind.JumpBack ? " with kexec_jump_back_entry=" : "")}, the kernel accepts {limit}");
            Image.CommandLine = CommandLine;
        }

        /// <summary>Bytes of the command line with its NUL, padded with room for the jump-back entry.</summary>
        public byte[] CommandLineBytes()
        {
            byte[] text = Encoding.ASCII.GetBytes(CommandLine);
            var buf = new byte[text.Length + 1 + (_context.Kind == LoadKind.JumpBack ? JumpBackEntryRoom : 0)];
            text.CopyTo(buf, 0);
            return buf;
        }

        /// <summary>The new kernel's e820 map, without the core header's pages.</summary>
        public List<MemoryRange> E820()
        {
            RequireCoreHeaderStep(nameof(E820));
            RangeSet? carveOut = null;
            if (CoreHeader != null)
            {
                carveOut = new RangeSet();
                carveOut.Add(CoreHeader.Destination, CoreHeader.End);
            }
            return E820Builder.Build(_context, carveOut);
        }

        /// <summary>
        /// Places the purgatory, covers what kernel B may use with preserve segments (jump-back),
        /// then generates the purgatory with the digests of every other segment.
        /// </summary>
        public void Finish(PurgatoryMode mode, ulong kernelEntry, ulong bootParams, ulong commandLineAddress)
        {
            var request = new PurgatoryRequest
            {
                Mode = mode,
                KernelEntry = kernelEntry,
                BootParams = bootParams,
                PreserveContext = _context.Kind == LoadKind.JumpBack,
                CommandLineEnd = _context.Kind == LoadKind.JumpBack ? commandLineAddress + (ulong)Encoding.ASCII.GetByteCount(CommandLine) : 0,
            };
            ulong size = PurgatoryBuilder.MemorySizeFor(request);
            // A 32-bit hand-over runs with paging off, so the purgatory must sit below 4 GiB.
            ulong max = mode == PurgatoryMode.Long64 ? PlaceMax : Math.Min(PlaceMax, 0xffffffffUL);
            ulong at = Planner.FindHole("purgatory", size, SegmentPlanner.PageSize, PlaceMin, max, topDown: true);
            var placeholder = Planner.PlaceAt("purgatory", new byte[0], at, size);
            if (_context.Kind == LoadKind.JumpBack) AddPreserveSegments(placeholder);

            // -i (kexec-tools skip_checks): purgatory is given no digests, so it verifies nothing.
            if (_context.Request.SkipChecks)
                foreach (var s in Image.Segments) s.Verified = false;
            foreach (var s in Image.Segments.Where(s => s.Verified).OrderBy(s => s.Destination))
                request.Regions.Add(new HashedRegion(s.Destination, s.MemorySize, SegmentHasher.Hash(s)));
            var blob = PurgatoryBuilder.Build(request, at);
            if (blob.MemorySize > size)
                throw new InvalidOperationException("purgatory grew between sizing and building");
            var purgatory = new Segment("purgatory", blob.Bytes, at, size) { Verified = false };
            Image.Segments.Add(purgatory);
            Image.Entry = blob.Entry;
            Image.KernelEntry = kernelEntry;
            // The 16-segment cap and the other kernel rules are checked once, on the finished image (KimageChecks).
        }

        /// <summary>
        /// A preserve-context kexec swaps each segment page with its destination and swaps back on
        /// return (swap_pages in relocate_kernel_64.S). So all memory kernel B may use becomes
        /// zero-filled, unverified segments: B gets it, A gets its contents back when B returns,
        /// and B its own on the next jump. Covering all of it (not only what A uses) also puts it
        /// in A's kexec identity map (machine_kexec_64.c init_pgtable maps A's RAM and the
        /// segments only): the second jump re-enters B at its return address, in B's control
        /// page somewhere in that memory. Seen in QEMU: without this the second jump faulted.
        /// </summary>
        private void AddPreserveSegments(Segment purgatory)
        {
            var protect = Planner.Allowed.Clone();
            if (_context.MemMin >= LoadContext.LowMemoryEnd)
                foreach (var r in _context.LowRam().Ranges) protect.Add(r);
            foreach (var s in Image.Segments) protect.Remove(s.Destination, s.End);
            protect.Remove(purgatory.Destination, purgatory.End);

            // kernel/kexec_core.c sanity_check_segment_list: all segments together at most half of RAM.
            ulong ramTotal = (_context.CurrentRam.Count > 0 ? _context.CurrentRam : _context.MemoryMap).ToRangeSet(MemoryType.Ram).TotalBytes;
            ulong total = protect.TotalBytes + purgatory.MemorySize;
            foreach (var s in Image.Segments) total += s.MemorySize;
            if (total > ramTotal / 2)
                throw new KexecException(
                    $"the jump-back image needs {total >> 20} MiB of segments (all of kernel B's memory), more than half of the running kernel's {ramTotal >> 20} MiB of RAM; " +
                    "give --mem-min/--mem-max a smaller region (and keep it free in the running kernel, e.g. with memmap=SIZE$START)");
            foreach (var r in protect.Ranges)
                Image.Segments.Add(new Segment("preserve", new byte[0], r.Start, r.Length) { Verified = false });
            if (protect.TotalBytes > 0)
                Image.Notes.Add($"preserve segments: {protect.Ranges.Count} ranges, {protect.TotalBytes >> 10} KiB of kernel B's memory swapped with the running kernel's on each jump");
        }
    }
}
