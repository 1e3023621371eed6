using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Output;
using Common.Elf;
using Common.Vmcore;
using MakeDumpFile.Tests.Support;
using MakeDumpFile.Writers;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>
    /// An ELF core with 65,535 or more program headers: e_phnum is PN_XNUM and section header 0
    /// carries the count (gABI, "Extended numbering"). The real 6.12 core is presented as
    /// one segment per page, so our writer has to emit more headers than e_phnum can hold.
    /// </summary>
    [Collection("vmcore")]
    public sealed class ExtendedNumberingTests
    {
        private const int Pages = 70_000;

        [Fact]
        public void Elf64CoreWithMoreThan65534SegmentsReadsBack()
        {
            using var s = new Scratch();
            using var real = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            using var perPage = new PagePerSegment(real, Pages);
            // Keep one page in 64, so that the file stays small; the others leave empty PT_LOADs.
            Func<ulong, bool> kept = pfn => pfn % 64 == 0 && real.HasPage(pfn);
            var sink = new FileDumpSink(s.File("xnum.elf"));
            try
            {
                ElfDumpWriter.Write(sink, perPage, kept, ElfClass.Elf64, ElfConstants.MachineX86_64, null, real.Notes, null);
                sink.Commit();
            }
            finally
            {
                sink.Dispose();
            }

            // Section header 0 read at the gABI's Elf64_Shdr offsets, not through our reader: sh_size 1, sh_info the count.
            byte[] file = System.IO.File.ReadAllBytes(s.File("xnum.elf"));
            ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(40));
            Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)shoff + 32)));
            Assert.Equal((uint)perPage.Segments.Count + 1, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)shoff + 44)));

            using var back = ElfCorePageSource.Open(s.File("xnum.elf"));
            Assert.Equal(ElfConstants.PnXnum, back.Core.Header.ProgramHeaderCount);
            Assert.Equal(1, back.Core.Header.SectionHeaderCount);
            Assert.Equal(perPage.Segments.Count + 1, back.Core.ProgramHeaders.Count);
            Assert.True(back.Core.ProgramHeaders[0].IsNote);
            List<ProgramHeader> loads = back.Core.ProgramHeaders.Where(p => p.IsLoad).ToList();
            Assert.Equal(perPage.Segments.Select(g => g.PhysicalStart), loads.Select(l => l.PhysicalAddress));
            ulong compared = PageCompare.AssertSamePages(real, back, Pages, "per-page segments", kept);
            Assert.True(compared > 500, $"only {compared} pages compared");
        }

        [Fact]
        public void Elf32CoreWithThatManySegmentsIsRefused()
        {
            using var real = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            using var perPage = new PagePerSegment(real, Pages);
            using var s = new Scratch();
            var sink = new FileDumpSink(s.File("xnum32.elf"));
            try
            {
                var e = Assert.Throws<DumpFormatException>(() =>
                    ElfDumpWriter.Write(sink, perPage, _ => false, ElfClass.Elf32, ElfConstants.MachineI386, null, Array.Empty<byte>(), null));
                Assert.Contains("do not fit an ELF32 core", e.Message);
            }
            finally
            {
                sink.Dispose();
            }
        }

        /// <summary>The first <c>pages</c> page frames of a real image that it holds, each as a segment of its own.</summary>
        private sealed class PagePerSegment : IPageSource
        {
            private readonly IPageSource _inner;
            private readonly List<PhysicalSegment> _segments = new();

            public PagePerSegment(IPageSource inner, int pages)
            {
                _inner = inner;
                ulong ps = (ulong)inner.PageSize;
                foreach (PhysicalSegment seg in inner.Segments)
                    for (ulong at = seg.PhysicalStart; at + ps <= seg.PhysicalEnd && _segments.Count < pages; at += ps)
                        if (at % ps == 0)
                            _segments.Add(new PhysicalSegment(at, ps, ps, 0, seg.VirtualStart + (at - seg.PhysicalStart), seg.Flags, seg.Align));
                Assert.True(_segments.Count >= ElfConstants.PnXnum, $"the fixture has only {_segments.Count} whole pages");
            }

            public int PageSize => _inner.PageSize;
            public ulong MaxMapNr => _inner.MaxMapNr;
            public ImageOrigin Origin => _inner.Origin;
            public IReadOnlyList<PhysicalSegment> Segments => _segments;
            public bool HasPage(ulong pfn) => _inner.HasPage(pfn);
            public void ReadPage(ulong pfn, Span<byte> destination) => _inner.ReadPage(pfn, destination);
            public void ReadPages(ulong firstPfn, int count, Span<byte> destination) => _inner.ReadPages(firstPfn, count, destination);
            public byte[] Notes => _inner.Notes;
            public VmcoreInfo? VmcoreInfo => _inner.VmcoreInfo;
            public ulong? HeaderPhysBase => _inner.HeaderPhysBase;
            public int PreviousDumpLevel => _inner.PreviousDumpLevel;
            public void Dispose() { }
        }
    }
}
