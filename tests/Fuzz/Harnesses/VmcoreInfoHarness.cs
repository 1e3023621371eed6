using System;
using System.Collections.Generic;
using Common.DumpFormats;
using Common.DumpFormats.Jump;
using Common.Vmcore;
using MakeDumpFile;
using MakeDumpFile.Dmesg;
using MakeDumpFile.Filtering;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;

namespace Fuzz.Harnesses
{
    /// <summary>
    /// The VMCOREINFO text (kernel/vmcore_info.c) against the real memory of the bench's vmcore:
    /// the input replaces the core's own VMCOREINFO note, and makedumpfile then does what -d 31
    /// and --dump-dmesg do with it (page size, address translation from the page tables it
    /// names, mem_map sections, struct page layout, utsname, the printk ring buffer, the page
    /// classification walk), and krestore's machine check reads it (i386 or x86_64 layout).
    /// The real memory is opened once; the seed is the core's own VMCOREINFO.
    /// </summary>
    internal sealed class VmcoreInfoHarness : IHarness
    {
        private IPageSource? _memory;

        public string Name => "vmcoreinfo";

        public void Run(byte[] input, Scratch scratch)
        {
            _memory ??= DumpInput.Open(HarnessEnvironment.Vmcore);
            VmcoreInfo info;
            // Both readers turn a VMCOREINFO that does not parse into DumpFormatException (ElfCorePageSource, KdumpPageSource).
            try { info = VmcoreInfo.Parse(input); }
            catch (FormatException) { return; }
            var source = new WithVmcoreInfo(_memory, info);
            ToolRuns.MakeDumpFileGuarded("-d 31 and --dump-dmesg analysis", m =>
            {
                var warnings = new List<string>();
                KernelImage? kernel = DumpCommand.LoadKernel(source, null, 31, warnings);
                UtsName.Read(kernel, "x86_64");
                if (kernel != null)
                    foreach ((ulong ts, byte[] text) in PrintkRingBuffer.Records(kernel)) PrintkRingBuffer.Format(ts, text);
                DumpFilter.Run(source, kernel, 31, excludeZeroNow: false, threads: 1, progress: null, warnings);
                return 0;
            });
            try { JumpBackMap.IsI386(info); }
            catch (FormatException) { } // krestore's Program turns it into its error line
        }

        /// <summary>The real image with another VMCOREINFO.</summary>
        private sealed class WithVmcoreInfo : IPageSource
        {
            private readonly IPageSource _inner;

            public WithVmcoreInfo(IPageSource inner, VmcoreInfo info)
            {
                _inner = inner;
                VmcoreInfo = info;
            }

            public int PageSize => _inner.PageSize;
            public ulong MaxMapNr => _inner.MaxMapNr;
            public ImageOrigin Origin => _inner.Origin;
            public IReadOnlyList<PhysicalSegment> Segments => _inner.Segments;
            public bool HasPage(ulong pfn) => _inner.HasPage(pfn);
            public void ReadPage(ulong pfn, Span<byte> destination) => _inner.ReadPage(pfn, destination);
            public void ReadPages(ulong firstPfn, int count, Span<byte> destination) => _inner.ReadPages(firstPfn, count, destination);
            public byte[] Notes => _inner.Notes;
            public VmcoreInfo? VmcoreInfo { get; }
            public ulong? HeaderPhysBase => _inner.HeaderPhysBase;
            public int PreviousDumpLevel => _inner.PreviousDumpLevel;
            public void Dispose() { }
        }
    }
}
