using System.Collections.Generic;
using System.Threading.Tasks;
using System;
using Common.DumpFormats.Compression;
using Common.DumpFormats.Kdump;
using Common.DumpFormats.Output;
using Common.DumpFormats;
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
            int bs = o.PageSize;
            ulong start = o.Split ? o.StartPfn : 0;
            ulong end = o.Split ? Math.Min(o.EndPfn, o.MaxMapNr) : o.MaxMapNr;
            ulong numDumpable = 0;
            for (ulong p = dumpable.NextSet(start); p < end; p = dumpable.NextSet(p + 1)) numDumpable++;

            int subBlocks = (o.Layout.SubHeaderSize + o.Notes.Length + bs - 1) / bs;
            long bitmapLen = (long)(((o.MaxMapNr + 7) / 8 + (ulong)bs - 1) / (ulong)bs) * bs;
            var h = new DiskDumpHeader
            {
                Layout = o.Layout,
                BlockSize = bs,
                SubHeaderBlocks = subBlocks,
                MaxMapNr32 = (uint)Math.Min(o.MaxMapNr, uint.MaxValue),
                NrCpus = o.NrCpus,
                BitmapBlocks = (uint)(bitmapLen * 2 / bs),
                TimestampSeconds = o.TimestampSeconds,
                TimestampMicroseconds = o.TimestampMicroseconds,
                Utsname = o.Utsname,
                Status = PageCompressor.FlagFor(o.Compression),
                MaxMapNr = o.MaxMapNr,
                PhysBase = o.PhysBase,
                DumpLevel = o.DumpLevel,
            };
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
            sink.Write(0, h.EncodeMain());
            sink.Write(bs, h.EncodeSub());
            if (o.Notes.Length > 0) sink.Write(h.OffsetNote, o.Notes);
            long bitmap1 = (long)(KdumpConstants.HeaderBlocks + subBlocks) * bs;
            WriteBitmap(sink, bitmap1, memory, bitmapLen);
            WriteBitmap(sink, bitmap1 + bitmapLen, dumpable, bitmapLen);

            long descOffset = bitmap1 + 2 * bitmapLen;
            long dataOffset = descOffset + (long)numDumpable * KdumpConstants.PageDescriptorSize;
            var result = new KdumpWriteResult();
            PageDescriptor zeroDesc = default;
            if (o.ExcludeZero && o.StoredPage == null)
            {
                zeroDesc = new PageDescriptor(dataOffset, (uint)bs, 0, 0);
                sink.Write(dataOffset, new byte[bs]);
                dataOffset += bs;
            }

            // Each batch's descriptors are written right after its page data: a file cut short by
            // a full disk then holds a descriptor only for pages whose data reached the disk
            // before it, and the pages after are descriptors never written (offset 0), which
            // readers take as lost (crash's INCOMPLETE_DUMP, ours), as in 1.7.2's file.
            var descBuffer = new byte[KdumpConstants.PageDescriptorSize * BatchPages];
            int descFill = 0;
            ulong written = 0;
            // Batches are encoded in order of pfn by (threads - 1) pool workers and by this
            // thread, which writes the finished ones in order and, instead of waiting for a
            // worker, encodes a queued batch itself.
            var pending = new Queue<PendingBatch>();
            int threads = Math.Max(1, o.Threads);
            int workerSlots = 2 * (threads - 1);
            int workersBusy = 0;
            ulong next = dumpable.NextSet(start);
            var pool = new CompressorPool(o.Compression, bs, o.Tuning);

            while (next < end || pending.Count > 0)
            {
                while (next < end && pending.Count < workerSlots + 2)
                {
                    var item = new PendingBatch { Pfns = new ulong[BatchPages] };
                    while (item.Count < BatchPages && next < end)
                    {
                        item.Pfns[item.Count++] = next;
                        next = dumpable.NextSet(next + 1);
                    }
                    if (workersBusy < workerSlots)
                    {
                        PendingBatch captured = item;
                        item.Task = Task.Run(() => Encode(captured.Pfns, captured.Count, source, o, pool));
                        workersBusy++;
                    }
                    pending.Enqueue(item);
                }
                PendingBatch head = pending.Peek();
                if (head.Task != null && !head.Task.IsCompleted)
                {
                    PendingBatch? own = null;
                    foreach (PendingBatch q in pending)
                        if (q.Task == null && q.Done == null) { own = q; break; }
                    if (own != null)
                    {
                        own.Done = Encode(own.Pfns, own.Count, source, o, pool);
                        continue;
                    }
                }
                pending.Dequeue();
                EncodedBatch batch;
                if (head.Task != null)
                {
                    batch = head.Task.GetAwaiter().GetResult();
                    workersBusy--;
                }
                else
                {
                    batch = head.Done ?? Encode(head.Pfns, head.Count, source, o, pool);
                }
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
                descFill = 0;
                written += (ulong)batch.Count;
                o.Progress?.Invoke(written, numDumpable);
                pool.Return(batch);
            }
            result.PagesWritten = written;
            result.BytesWritten = sink.BytesWritten;
            return result;
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
                if (o.ExcludeZero && IsZero(page))
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

        private static bool IsZero(ReadOnlySpan<byte> page)
        {
            ReadOnlySpan<ulong> w = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(page);
            for (int i = 0; i < w.Length; i++) if (w[i] != 0) return false;
            return true;
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
