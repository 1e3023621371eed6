using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using Common.DumpFormats.Compression;
using Common.Elf;
using Common.Vmcore;

namespace Common.DumpFormats.Kdump
{
    /// <summary>
    /// Reads a kdump-compressed file (makedumpfile's, QEMU's, or ours): the headers, the two
    /// bitmaps (memory present; page dumped), and pages through their descriptors, which are
    /// stored in pfn order for the dumped pages only.
    /// </summary>
    public sealed class KdumpPageSource : IPageSource
    {
        private readonly PositionalFile _file;
        private readonly PfnBitmap _memory;
        private readonly PfnBitmap _dumped;
        private readonly long _descriptorsOffset;
        private readonly ulong _rankBase;
        private readonly ulong _descriptorCount;
        private readonly PhysicalSegment[] _segments;

        private KdumpPageSource(PositionalFile file, DiskDumpHeader header, PfnBitmap memory, PfnBitmap dumped, long descriptorsOffset, byte[] notes, VmcoreInfo? info)
        {
            _file = file;
            Header = header;
            Origin = new ImageOrigin
            {
                Name = file.Path,
                Machine = header.Machine is string machine ? KdumpHeaderLayout.ForUnameMachine(machine).ElfMachine : null,
                KeepsExcludedZeroPages = true,
            };
            _memory = memory;
            _dumped = dumped;
            _descriptorsOffset = descriptorsOffset;
            Notes = notes;
            VmcoreInfo = info;
            PageSize = header.BlockSize;
            MaxMapNr = header.MaxMapNr;
            if (header.Split != 0)
            {
                _rankBase = dumped.Rank(header.StartPfn);
                _descriptorCount = dumped.Rank(Math.Min(header.EndPfn, MaxMapNr)) - _rankBase;
            }
            else
            {
                _descriptorCount = dumped.CountSet();
            }
            var segs = new List<PhysicalSegment>();
            ulong p = 0;
            while (p < MaxMapNr)
            {
                p = memory.NextSet(p);
                if (p >= MaxMapNr) break;
                ulong start = p;
                while (p < MaxMapNr && memory[p]) p++;
                ulong bytes = (p - start) * (ulong)PageSize;
                segs.Add(new PhysicalSegment(start * (ulong)PageSize, bytes, bytes, 0, start * (ulong)PageSize));
            }
            _segments = segs.ToArray();
        }

        public DiskDumpHeader Header { get; }
        public int PageSize { get; }
        public ulong MaxMapNr { get; }
        public IReadOnlyList<PhysicalSegment> Segments => _segments;
        public byte[] Notes { get; }
        public VmcoreInfo? VmcoreInfo { get; }
        public ulong? HeaderPhysBase => Header.PhysBase;
        public int PreviousDumpLevel => Header.DumpLevel;
        public PfnBitmap MemoryBitmap => _memory;
        public PfnBitmap DumpedBitmap => _dumped;
        public bool IsIncomplete => (Header.Status & KdumpConstants.CompressedIncomplete) != 0;
        public ImageOrigin Origin { get; }

        public static bool LooksLikeKdump(string path)
        {
            using var f = new PositionalFile(path);
            if (f.Length < 8) return false;
            var sig = new byte[8];
            f.ReadExactly(0, sig, "signature");
            return DiskDumpHeader.HasSignature(sig);
        }

        public static KdumpPageSource Open(string path)
        {
            var file = new PositionalFile(path);
            try
            {
                var main = new byte[KdumpHeaderLayout.MaxHeaderSize];
                file.ReadExactly(0, main, "kdump header");
                int blockSize = DiskDumpHeader.BlockSizeOf(main);
                if (blockSize < 4096 || blockSize > 65536 || (blockSize & (blockSize - 1)) != 0)
                    throw new DumpFormatException($"kdump header block_size {blockSize} is not a page size");
                var sub = new byte[KdumpHeaderLayout.MaxSubHeaderSize];
                file.ReadExactly(blockSize, sub, "kdump sub-header");
                DiskDumpHeader h = DiskDumpHeader.Parse(main, sub);
                if (h.MaxMapNr == 0 || h.MaxMapNr > (1UL << 40)) throw new DumpFormatException($"kdump header max_mapnr {h.MaxMapNr} is not plausible");
                long bitmapOffset = (long)(KdumpConstants.HeaderBlocks + h.SubHeaderBlocks) * blockSize;
                long bitmapLength = (long)h.BitmapBlocks * blockSize;
                ulong neededBits = h.MaxMapNr;
                if (bitmapLength / 2 * 8 < (long)Math.Min(neededBits, (ulong)long.MaxValue / 2))
                    throw new DumpFormatException($"kdump bitmaps ({bitmapLength} bytes) are too small for {h.MaxMapNr} pages");
                if (bitmapLength > file.Length) throw new DumpFormatException("kdump bitmaps extend past the end of the file: truncated?");
                var bitmaps = new byte[bitmapLength];
                file.ReadExactly(bitmapOffset, bitmaps, "kdump bitmaps");
                var half = new byte[bitmapLength / 2];
                Array.Copy(bitmaps, 0, half, 0, half.Length);
                var memory = new PfnBitmap(h.MaxMapNr, half);
                Array.Copy(bitmaps, half.Length, half, 0, half.Length);
                var dumped = new PfnBitmap(h.MaxMapNr, half);
                if (h.Split != 0 && (h.StartPfn > h.EndPfn || h.EndPfn > h.MaxMapNr))
                    throw new DumpFormatException($"kdump split range {h.StartPfn:x}-{h.EndPfn:x} lies outside max_mapnr {h.MaxMapNr:x}");

                byte[] notes = Array.Empty<byte>();
                if (h.SizeNote > 0)
                {
                    if (h.SizeNote > (ulong)ElfCoreFile.MaxNoteSegmentSize || h.OffsetNote <= 0)
                        throw new DumpFormatException($"kdump note area (offset {h.OffsetNote}, size {h.SizeNote}) is not plausible");
                    notes = new byte[h.SizeNote];
                    file.ReadExactly(h.OffsetNote, notes, "kdump ELF notes");
                }
                VmcoreInfo? info = null;
                try
                {
                    if (h.SizeVmcoreinfo > 0)
                    {
                        if (h.SizeVmcoreinfo > 1 << 20 || h.OffsetVmcoreinfo <= 0) throw new DumpFormatException("kdump VMCOREINFO size or offset is not plausible");
                        var text = new byte[h.SizeVmcoreinfo];
                        file.ReadExactly(h.OffsetVmcoreinfo, text, "VMCOREINFO");
                        info = VmcoreInfo.Parse(text);
                    }
                    else if (notes.Length > 0)
                    {
                        foreach (ElfNote n in ElfNote.ParseAll(notes))
                            if (n.Name == VmcoreInfo.NoteName) info = VmcoreInfo.Parse(n.Descriptor);
                    }
                }
                catch (FormatException e) { throw new DumpFormatException("VMCOREINFO: " + e.Message); }
                catch (ElfFormatException e) { throw new DumpFormatException("kdump notes: " + e.Message); }
                long descriptors = bitmapOffset + bitmapLength;
                var src = new KdumpPageSource(file, h, memory, dumped, descriptors, notes, info);
                if (descriptors + (long)src._descriptorCount * KdumpConstants.PageDescriptorSize > file.Length && !src.IsIncomplete)
                    throw new DumpFormatException($"kdump page descriptors extend past the end of the file ({file.Length} bytes): truncated?");
                src.CheckLastPage();
                return src;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        // Writers store page data in pfn order, so the last page that is not a reference to the
        // shared zero page (-d 1 stores all zero pages as one) ends the file: a file cut short is
        // refused here, whatever pages a mode goes on to read (--dump-dmesg, --mem-usage and
        // filtering read only some). At most MaxTrailingScan descriptors are read.
        private const int MaxTrailingScan = 1 << 20;

        private void CheckLastPage()
        {
            if (_descriptorCount == 0 || IsIncomplete) return;
            const int chunk = 8192;
            var buffer = new byte[chunk * KdumpConstants.PageDescriptorSize];
            long? sharedOffset = null;
            ulong end = _descriptorCount;
            while (end > 0 && _descriptorCount - end < MaxTrailingScan)
            {
                int n = (int)Math.Min((ulong)chunk, end);
                ulong first = end - (ulong)n;
                _file.ReadExactly(_descriptorsOffset + (long)first * KdumpConstants.PageDescriptorSize,
                    buffer.AsSpan(0, n * KdumpConstants.PageDescriptorSize), "page descriptors");
                for (int i = n - 1; i >= 0; i--)
                {
                    PageDescriptor pd = PageDescriptor.Parse(buffer.AsSpan(i * KdumpConstants.PageDescriptorSize, KdumpConstants.PageDescriptorSize));
                    if (pd.Offset < 0 || pd.Offset + pd.Size > _file.Length)
                        throw new DumpFormatException($"the page descriptor of the {first + (ulong)i}th stored page points past the end of the file ({_file.Length} bytes, page data at {pd.Offset}+{pd.Size}): truncated?");
                    if (sharedOffset == null) sharedOffset = pd.Offset;
                    else if (pd.Offset != sharedOffset) return;
                }
                end = first;
            }
        }

        public bool HasPage(ulong pfn)
        {
            if (!_dumped[pfn]) return false;
            if (Header.Split != 0 && (pfn < Header.StartPfn || pfn >= Header.EndPfn)) return false;
            return true;
        }

        /// <summary>Reads a page's descriptor; false when the page is not in this file.</summary>
        public bool TryReadDescriptor(ulong pfn, out PageDescriptor descriptor)
        {
            descriptor = default;
            if (!HasPage(pfn)) return false;
            ulong index = _dumped.Rank(pfn) - _rankBase;
            if (index >= _descriptorCount) return false;
            Span<byte> d = stackalloc byte[KdumpConstants.PageDescriptorSize];
            long at = _descriptorsOffset + (long)index * KdumpConstants.PageDescriptorSize;
            if (at + d.Length > _file.Length)
            {
                if (IsIncomplete) return false;
                throw new DumpFormatException($"page descriptor of pfn 0x{pfn:x} lies past the end of the file");
            }
            _file.ReadExactly(at, d, "page descriptor");
            descriptor = PageDescriptor.Parse(d);
            return Usable(pfn, descriptor);
        }

        // Whether a descriptor read from the file may be followed: false for a page a file
        // marked incomplete lost, an exception for one that points outside the file.
        private bool Usable(ulong pfn, in PageDescriptor descriptor)
        {
            // A file marked incomplete (makedumpfile's DUMP_DH_COMPRESSED_INCOMPLETE after ENOSPC)
            // lost the pages whose descriptor was never written (all zero) or whose data did
            // not reach the disk: they read as zero-filled pages (crash zero-fills them too).
            if (IsIncomplete && (descriptor.Offset == 0 && descriptor.Size == 0
                                 || descriptor.Offset > 0 && descriptor.Offset + descriptor.Size > _file.Length))
                return false;
            if (descriptor.Size > MaxStoredSize || descriptor.Offset < 0 || descriptor.Offset + descriptor.Size > _file.Length)
                throw new DumpFormatException($"page descriptor of pfn 0x{pfn:x} points outside the file (offset {descriptor.Offset}, size {descriptor.Size})");
            return true;
        }

        /// <summary>The stored (possibly compressed) bytes of a page.</summary>
        public byte[] ReadStored(in PageDescriptor descriptor)
        {
            var stored = new byte[descriptor.Size];
            _file.ReadExactly(descriptor.Offset, stored, "page data");
            return stored;
        }

        public void ReadPage(ulong pfn, Span<byte> destination)
        {
            Span<byte> page = destination.Slice(0, PageSize);
            if (!TryReadDescriptor(pfn, out PageDescriptor pd))
            {
                page.Clear();
                return;
            }
            byte[] stored = ReadStored(pd);
            PageDecompressor.Decompress(pd.Flags, stored, page);
        }

        // Pages per batched read (12 KiB of descriptors), and the most page data one pread
        // takes: 1 MiB, the largest array the netstandard (Mono) ArrayPool.Shared keeps, and
        // more than the largest stored page (MaxStoredSize of a 64 KiB page).
        private const int BatchPages = 512;
        private const int StretchBytes = 1 << 20;

        /// <summary>
        /// Reads consecutive pages with one pread for the descriptors of each run of dumped
        /// pages and one for each stretch of their data that lies back to back in the file
        /// (writers store dumped pages in pfn order), instead of two preads and an allocation
        /// a page: under TCG every system call is dear (krestore's check and write passes).
        /// </summary>
        public void ReadPages(ulong firstPfn, int count, Span<byte> destination)
        {
            int i = 0;
            while (i < count)
            {
                ulong pfn = firstPfn + (ulong)i;
                int run = 0;
                while (i + run < count && run < BatchPages && HasPage(pfn + (ulong)run)) run++;
                if (run < 2 || IsIncomplete)
                {
                    ReadPage(pfn, destination.Slice(i * PageSize, PageSize));
                    i++;
                    continue;
                }
                ReadRun(pfn, run, destination.Slice(i * PageSize, run * PageSize));
                i += run;
            }
        }

        // Dumped pages pfn .. pfn+run-1, which have consecutive descriptors.
        private void ReadRun(ulong pfn, int run, Span<byte> destination)
        {
            ulong index = _dumped.Rank(pfn) - _rankBase;
            long at = _descriptorsOffset + (long)index * KdumpConstants.PageDescriptorSize;
            int descriptorBytes = run * KdumpConstants.PageDescriptorSize;
            if (index + (ulong)run > _descriptorCount || at + descriptorBytes > _file.Length)
            {
                // The run reaches past the descriptors: page by page, for ReadPage's own messages.
                for (int k = 0; k < run; k++) ReadPage(pfn + (ulong)k, destination.Slice(k * PageSize, PageSize));
                return;
            }
            byte[] raw = ArrayPool<byte>.Shared.Rent(descriptorBytes);
            byte[] data = ArrayPool<byte>.Shared.Rent(StretchBytes);
            try
            {
                _file.ReadExactly(at, raw.AsSpan(0, descriptorBytes), "page descriptors");
                var descriptors = new PageDescriptor[run];
                for (int k = 0; k < run; k++)
                {
                    descriptors[k] = PageDescriptor.Parse(raw.AsSpan(k * KdumpConstants.PageDescriptorSize, KdumpConstants.PageDescriptorSize));
                    Usable(pfn + (ulong)k, descriptors[k]);
                }
                int first = 0;
                while (first < run)
                {
                    if (first > 0 && SameData(descriptors[first], descriptors[first - 1]))
                    {
                        // The bytes of the page before (runs of zero pages all name makedumpfile's one shared zero page).
                        destination.Slice((first - 1) * PageSize, PageSize).CopyTo(destination.Slice(first * PageSize, PageSize));
                        first++;
                        continue;
                    }
                    // A stretch: descriptors whose data follow one another in the file, up to one buffer.
                    int end = first + 1;
                    long start = descriptors[first].Offset;
                    long stretchEnd = start + descriptors[first].Size;
                    while (end < run && descriptors[end].Offset == stretchEnd && stretchEnd + descriptors[end].Size - start <= StretchBytes)
                    {
                        stretchEnd += descriptors[end].Size;
                        end++;
                    }
                    _file.ReadExactly(start, data.AsSpan(0, (int)(stretchEnd - start)), "page data");
                    for (int k = first; k < end; k++)
                    {
                        ReadOnlySpan<byte> stored = data.AsSpan((int)(descriptors[k].Offset - start), (int)descriptors[k].Size);
                        PageDecompressor.Decompress(descriptors[k].Flags, stored, destination.Slice(k * PageSize, PageSize));
                    }
                    first = end;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(raw);
                ArrayPool<byte>.Shared.Return(data);
            }
        }

        private static bool SameData(in PageDescriptor a, in PageDescriptor b) =>
            a.Offset == b.Offset && a.Size == b.Size && a.Flags == b.Flags;

        // The largest stored page Usable lets through.
        private uint MaxStoredSize => (uint)PageSize * 2 + 1024;

        public void Dispose() => _file.Dispose();
    }
}
