using System;
using Common.DumpFormats.Compression;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Writers.Compression;

namespace MakeDumpFile.Writers.Kdump
{
    /// <summary>What goes into a kdump-compressed file besides the pages.</summary>
    public sealed class KdumpWriteOptions
    {
        public int PageSize { get; set; } = 4096;
        /// <summary>The header layout: the one makedumpfile built for the dumped kernel's architecture writes.</summary>
        public KdumpHeaderLayout Layout { get; set; } = KdumpHeaderLayout.X86_64;
        public ulong MaxMapNr { get; set; }
        public PageCompression Compression { get; set; } = PageCompression.Zlib;
        /// <summary>The zlib and zstd levels (and zlib strategy) the pages are compressed with.</summary>
        public CompressionTuning Tuning { get; set; } = CompressionTuning.Default;
        public int DumpLevel { get; set; }
        public ulong PhysBase { get; set; }
        public string[] Utsname { get; set; } = { "Linux", "", "", "", "x86_64", "" };
        public long TimestampSeconds { get; set; }
        public long TimestampMicroseconds { get; set; }
        public int NrCpus { get; set; } = 1;
        public byte[] Notes { get; set; } = Array.Empty<byte>();
        /// <summary>Offset and size of the VMCOREINFO text inside <see cref="Notes"/>, when there is one.</summary>
        public (int Offset, int Size)? VmcoreinfoInNotes { get; set; }
        /// <summary>Store zero-filled pages once and point every zero page at that copy (-d bit 1).</summary>
        public bool ExcludeZero { get; set; }
        public int Threads { get; set; } = 1;
        /// <summary>--config's erase information, written after the page data (the sub-header's offset_eraseinfo, size_eraseinfo).</summary>
        public byte[] EraseInfo { get; set; } = Array.Empty<byte>();
        /// <summary>For --split: this file holds the dumped pages of [StartPfn, EndPfn) only.</summary>
        public bool Split { get; set; }
        public ulong StartPfn { get; set; }
        public ulong EndPfn { get; set; }
        /// <summary>Called now and then with (pages written, pages to write).</summary>
        public Action<ulong, ulong>? Progress { get; set; }
        /// <summary>
        /// When set, pages are taken already stored (flags, bytes) instead of read and compressed
        /// (--reassemble copies split files this way). Called from several threads.
        /// </summary>
        public Func<ulong, (uint Flags, byte[] Stored)>? StoredPage { get; set; }
    }
}
