using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Common.DumpFormats;
using Common.DumpFormats.Compression;
using Common.DumpFormats.Kdump;
using Common.DumpFormats.Output;
using MakeDumpFile.Writers.Compression;

namespace MakeDumpFile.Writers.Kdump
{
    /// <summary>
    /// Writes a kdump-compressed file in one pass: header block, sub-header and notes, both
    /// bitmaps, then the page descriptors and page data, which are produced in order while
    /// several threads read and compress the pages ahead. Memory use is a few batches of pages
    /// whatever the size of the image.
    /// </summary>
    public static class KdumpWriter
    {
        private const int BatchPages = 256;

        /// <summary>Writes the file; a full disk comes out as a <see cref="DiskFullException"/> carrying the layout's <see cref="KdumpHeaderLayout.IncompleteMarker"/>.</summary>
        public static KdumpWriteResult Write(IDumpSink sink, KdumpWriteOptions o, PfnBitmap memory, PfnBitmap dumpable, IPageSource? source)
        {
            try
            {
                return WriteFile(sink, o, memory, dumpable, source);
            }
            catch (DiskFullException e) when (e.Marker == null)
            {
                throw e.WithMarker(o.Layout.IncompleteMarker);
            }
        }

        private static KdumpWriteResult WriteFile(IDumpSink sink, KdumpWriteOptions o, PfnBitmap memory, PfnBitmap dumpable, IPageSource? source)
        {
            FileLayout layout = Plan(o, dumpable);
            WriteHead(sink, layout, o, memory, dumpable);
            KdumpWriteResult result = WritePages(sink, layout, o, dumpable, source);
            if (o.EraseInfo.Length > 0)
            {
                // After the last page, as 1.7.2's write_kdump_eraseinfo(); the sub-header then says where.
                sink.Write(result.DataEnd, o.EraseInfo);
                layout.Header.OffsetEraseinfo = result.DataEnd;
                layout.Header.SizeEraseinfo = (ulong)o.EraseInfo.Length;
                sink.Write(o.PageSize, layout.Header.EncodeSub());
            }
            return result;
        }

        /// <summary>Where each part of the file lies (makedumpfile.h's disk_dump_header block counts) and which frames it holds.</summary>
        private sealed class FileLayout
        {
            public DiskDumpHeader Header = new DiskDumpHeader();
            public ulong StartPfn, EndPfn, Dumpable;
            public long BitmapLength, FirstBitmapOffset, DescriptorOffset, DataOffset;
        }

        // The header block, the sub-header and notes in their own blocks, two bitmaps of
        // max_mapnr bits each rounded up to a block, a descriptor per dumpable page, then data.
        private static FileLayout Plan(KdumpWriteOptions o, PfnBitmap dumpable)
        {
            int bs = o.PageSize;
            var l = new FileLayout
            {
                StartPfn = o.Split ? o.StartPfn : 0,
                EndPfn = o.Split ? Math.Min(o.EndPfn, o.MaxMapNr) : o.MaxMapNr,
            };
            for (ulong p = dumpable.NextSet(l.StartPfn); p < l.EndPfn; p = dumpable.NextSet(p + 1)) l.Dumpable++;

            int subBlocks = (o.Layout.SubHeaderSize + o.Notes.Length + bs - 1) / bs;
            l.BitmapLength = (long)(((o.MaxMapNr + 7) / 8 + (ulong)bs - 1) / (ulong)bs) * bs;
            DiskDumpHeader h = l.Header;
            h.Layout = o.Layout;
            h.BlockSize = bs;
            h.SubHeaderBlocks = subBlocks;
            h.MaxMapNr32 = (uint)Math.Min(o.MaxMapNr, uint.MaxValue);
            h.NrCpus = o.NrCpus;
            h.BitmapBlocks = (uint)(l.BitmapLength * 2 / bs);
            h.TimestampSeconds = o.TimestampSeconds;
            h.TimestampMicroseconds = o.TimestampMicroseconds;
            h.Utsname = o.Utsname;
            h.Status = PageCompressor.FlagFor(o.Compression);
            h.MaxMapNr = o.MaxMapNr;
            h.PhysBase = o.PhysBase;
            h.DumpLevel = o.DumpLevel;
            if (o.Split)
            {
                h.Split = 1;
                h.StartPfn32 = Math.Min(o.StartPfn, uint.MaxValue);
                h.EndPfn32 = Math.Min(o.EndPfn, uint.MaxValue);
                h.StartPfn = o.StartPfn;
                h.EndPfn = o.EndPfn;
            }
            if (o.Notes.Length > 0)
            {
                h.OffsetNote = bs + o.Layout.SubHeaderSize;
                h.SizeNote = (ulong)o.Notes.Length;
                if (o.VmcoreinfoInNotes.HasValue)
                {
                    h.OffsetVmcoreinfo = h.OffsetNote + o.VmcoreinfoInNotes.Value.Offset;
                    h.SizeVmcoreinfo = (ulong)o.VmcoreinfoInNotes.Value.Size;
                }
            }
            l.FirstBitmapOffset = (long)(KdumpConstants.HeaderBlocks + subBlocks) * bs;
            l.DescriptorOffset = l.FirstBitmapOffset + 2 * l.BitmapLength;
            l.DataOffset = l.DescriptorOffset + (long)l.Dumpable * KdumpConstants.PageDescriptorSize;
            return l;
        }

        private static void WriteHead(IDumpSink sink, FileLayout l, KdumpWriteOptions o, PfnBitmap memory, PfnBitmap dumpable)
        {
            sink.Write(0, l.Header.EncodeMain());
            sink.Write(o.PageSize, l.Header.EncodeSub());
            if (o.Notes.Length > 0) sink.Write(l.Header.OffsetNote, o.Notes);
            WriteBitmap(sink, l.FirstBitmapOffset, memory, l.BitmapLength);
            WriteBitmap(sink, l.FirstBitmapOffset + l.BitmapLength, dumpable, l.BitmapLength);
        }

        private static KdumpWriteResult WritePages(IDumpSink sink, FileLayout l, KdumpWriteOptions o, PfnBitmap dumpable, IPageSource? source)
        {
            int bs = o.PageSize;
            long descOffset = l.DescriptorOffset;
            long dataOffset = l.DataOffset;
            var result = new KdumpWriteResult();
            PageDescriptor zeroDesc = default;
            if (o.ExcludeZero && o.StoredPage == null)
            {
                // All zero pages share one stored page, right after the descriptors (makedumpfile's pd_zero).
                zeroDesc = new PageDescriptor(dataOffset, (uint)bs, 0, 0);
                sink.Write(dataOffset, new byte[bs]);
                dataOffset += bs;
            }

            // Each batch's descriptors are written right after its page data: a file cut short by
            // a full disk then holds a descriptor only for pages whose data reached the disk
            // before it, and the pages after are descriptors never written (offset 0), which
            // readers take as lost (crash's INCOMPLETE_DUMP, ours), as in 1.7.2's file.
            var descBuffer = new byte[KdumpConstants.PageDescriptorSize * BatchPages];
            ulong written = 0;
            var pipeline = new EncodingPipeline(o, dumpable, l.StartPfn, l.EndPfn, source);
            while (pipeline.TryNext(out EncodedBatch batch))
            {
                int descFill = 0;
                for (int i = 0; i < batch.Count; i++)
                {
                    PageDescriptor pd;
                    if (batch.IsZero[i])
                    {
                        pd = zeroDesc;
                        result.ZeroPages++;
                    }
                    else
                    {
                        pd = new PageDescriptor(dataOffset, (uint)batch.Sizes[i], batch.Flags[i], 0);
                        dataOffset += batch.Sizes[i];
                    }
                    pd.Write(descBuffer.AsSpan(descFill, KdumpConstants.PageDescriptorSize));
                    descFill += KdumpConstants.PageDescriptorSize;
                }
                if (batch.DataLength > 0) sink.Write(dataOffset - batch.DataLength, batch.Data.AsSpan(0, batch.DataLength));
                sink.Write(descOffset, descBuffer.AsSpan(0, descFill));
                descOffset += descFill;
                written += (ulong)batch.Count;
                o.Progress?.Invoke(written, l.Dumpable);
                pipeline.Return(batch);
            }
            result.PagesWritten = written;
            result.BytesWritten = sink.BytesWritten;
            result.DataEnd = dataOffset;
            return result;
        }

        /// <summary>
        /// The dumpable frames in batches, encoded ahead and handed out in order of pfn. Batches
        /// are encoded by (threads - 1) pool workers and by the caller's thread, which, instead
        /// of waiting for a worker, encodes a queued batch itself.
        /// </summary>
        private sealed class EncodingPipeline
        {
            private readonly KdumpWriteOptions _o;
            private readonly PfnBitmap _dumpable;
            private readonly ulong _end;
            private readonly IPageSource? _source;
            private readonly Queue<PendingBatch> _pending = new Queue<PendingBatch>();
            private readonly CompressorPool _pool;
            private readonly int _workerSlots;
            private int _workersBusy;
            private ulong _next;

            public EncodingPipeline(KdumpWriteOptions o, PfnBitmap dumpable, ulong start, ulong end, IPageSource? source)
            {
                _o = o;
                _dumpable = dumpable;
                _end = end;
                _source = source;
                _pool = new CompressorPool(o.Compression, o.PageSize, o.Tuning);
                _workerSlots = 2 * (Math.Max(1, o.Threads) - 1);
                _next = dumpable.NextSet(start);
            }

            /// <summary>The next batch in pfn order, or false when every dumpable frame has been handed out.</summary>
            public bool TryNext(out EncodedBatch batch)
            {
                while (true)
                {
                    QueueAhead();
                    if (_pending.Count == 0)
                    {
                        batch = null!;
                        return false;
                    }
                    PendingBatch head = _pending.Peek();
                    if (head.Task != null && !head.Task.IsCompleted && EncodeOneQueued()) continue;
                    _pending.Dequeue();
                    if (head.Task != null)
                    {
                        batch = head.Task.GetAwaiter().GetResult();
                        _workersBusy--;
                    }
                    else
                    {
                        batch = head.Done ?? Encode(head.Pfns, head.Count, _source, _o, _pool);
                    }
                    return true;
                }
            }

            public void Return(EncodedBatch batch) => _pool.Return(batch);

            private void QueueAhead()
            {
                while (_next < _end && _pending.Count < _workerSlots + 2)
                {
                    var item = new PendingBatch { Pfns = new ulong[BatchPages] };
                    while (item.Count < BatchPages && _next < _end)
                    {
                        item.Pfns[item.Count++] = _next;
                        _next = _dumpable.NextSet(_next + 1);
                    }
                    if (_workersBusy < _workerSlots)
                    {
                        PendingBatch captured = item;
                        item.Task = Task.Run(() => Encode(captured.Pfns, captured.Count, _source, _o, _pool));
                        _workersBusy++;
                    }
                    _pending.Enqueue(item);
                }
            }

            // While the head batch's worker is busy, encode a queued batch no worker has.
            private bool EncodeOneQueued()
            {
                foreach (PendingBatch q in _pending)
                {
                    if (q.Task != null || q.Done != null) continue;
                    q.Done = Encode(q.Pfns, q.Count, _source, _o, _pool);
                    return true;
                }
                return false;
            }
        }

        // In pieces of 1 MiB: the bitmap of a sparse image is mostly chunks that were never allocated.
        private static void WriteBitmap(IDumpSink sink, long offset, PfnBitmap bitmap, long length)
        {
            var piece = new byte[(int)Math.Min(length, 1 << 20)];
            for (long done = 0; done < length; done += piece.Length)
            {
                int n = (int)Math.Min(piece.Length, length - done);
                bitmap.CopyTo(done, piece.AsSpan(0, n));
                sink.Write(offset + done, piece.AsSpan(0, n));
            }
        }

        private static EncodedBatch Encode(ulong[] pfns, int count, IPageSource? source, KdumpWriteOptions o, CompressorPool pool)
        {
            EncodedBatch b = pool.Rent();
            b.Count = count;
            b.DataLength = 0;
            int ps = o.PageSize;
            if (o.StoredPage != null)
            {
                for (int i = 0; i < count; i++)
                {
                    (uint flags, byte[] stored) = o.StoredPage(pfns[i]);
                    b.IsZero[i] = false;
                    b.Flags[i] = flags;
                    b.Sizes[i] = stored.Length;
                    b.EnsureData(b.DataLength + stored.Length);
                    stored.CopyTo(b.Data, b.DataLength);
                    b.DataLength += stored.Length;
                }
                return b;
            }
            PageCompressor compressor = b.Compressor;
            // Read runs of consecutive frames in one go.
            int i0 = 0;
            while (i0 < count)
            {
                int run = 1;
                while (i0 + run < count && pfns[i0 + run] == pfns[i0] + (ulong)run) run++;
                source!.ReadPages(pfns[i0], run, b.Raw.AsSpan(i0 * ps, run * ps));
                i0 += run;
            }
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> page = b.Raw.AsSpan(i * ps, ps);
                if (o.ExcludeZero && ZeroPage.Is(page))
                {
                    b.IsZero[i] = true;
                    continue;
                }
                b.IsZero[i] = false;
                b.EnsureData(b.DataLength + PageCompressor.MaxOutput(ps));
                uint flag = 0;
                int n = o.Compression == PageCompression.None ? 0 : compressor.Compress(page, b.Data.AsSpan(b.DataLength), out flag);
                if (n == 0)
                {
                    page.CopyTo(b.Data.AsSpan(b.DataLength));
                    n = ps;
                    flag = 0;
                }
                b.Flags[i] = flag;
                b.Sizes[i] = n;
                b.DataLength += n;
            }
            return b;
        }

        private sealed class PendingBatch
        {
            public ulong[] Pfns = Array.Empty<ulong>();
            public int Count;
            public Task<EncodedBatch>? Task;
            public EncodedBatch? Done;
        }

        private sealed class EncodedBatch
        {
            public EncodedBatch(PageCompression kind, int pageSize, CompressionTuning tuning)
            {
                Raw = new byte[BatchPages * pageSize];
                Data = new byte[BatchPages * pageSize + PageCompressor.MaxOutput(pageSize)];
                Compressor = new PageCompressor(kind, pageSize, tuning);
            }

            public int Count;
            public int DataLength;
            public readonly bool[] IsZero = new bool[BatchPages];
            public readonly uint[] Flags = new uint[BatchPages];
            public readonly int[] Sizes = new int[BatchPages];
            public readonly byte[] Raw;
            public byte[] Data;
            public readonly PageCompressor Compressor;

            public void EnsureData(int size)
            {
                if (size > Data.Length) Array.Resize(ref Data, Math.Max(size, Data.Length * 2));
            }
        }

        // Batches (with their buffers and compressor state) are reused, so steady-state memory is
        // a handful of batches.
        private sealed class CompressorPool
        {
            private readonly PageCompression _kind;
            private readonly int _pageSize;
            private readonly CompressionTuning _tuning;
            private readonly Stack<EncodedBatch> _free = new Stack<EncodedBatch>();

            public CompressorPool(PageCompression kind, int pageSize, CompressionTuning tuning)
            {
                _kind = kind;
                _pageSize = pageSize;
                _tuning = tuning;
            }

            public EncodedBatch Rent()
            {
                lock (_free)
                    if (_free.Count > 0) return _free.Pop();
                return new EncodedBatch(_kind, _pageSize, _tuning);
            }

            public void Return(EncodedBatch b)
            {
                lock (_free) _free.Push(b);
            }
        }
    }
}
