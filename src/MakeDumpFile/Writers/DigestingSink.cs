using System;
using System.Collections.Generic;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Output;

namespace MakeDumpFile.Writers
{
    /// <summary>
    /// Passes every write on to the real sink (file or flattened stream) and digests the image
    /// as it will be on disk, block by block; <see cref="Commit"/> appends the digest trailer
    /// after the last byte written and then commits the inner sink. The writers write each part
    /// of an image once, in order within the part (headers, bitmaps, descriptors, page data), so
    /// a block is digested as soon as all its bytes have arrived; blocks with bytes no writer
    /// fills (header padding, read back as zeros) wait for the commit. Memory: the few blocks
    /// still open plus one digest per block.
    /// </summary>
    public sealed class DigestingSink : IDumpSink
    {
        private readonly DigestParameters _p;
        private readonly Dictionary<long, OpenBlock> _open = new Dictionary<long, OpenBlock>();
        private readonly Stack<byte[]> _spare = new Stack<byte[]>();
        private byte[] _digests = new byte[DigestParameters.DigestSize * 1024];
        private bool[] _done = new bool[1024];
        private long _length;

        public DigestingSink(IDumpSink inner) : this(inner, DigestParameters.Default) { }

        public DigestingSink(IDumpSink inner, DigestParameters parameters)
        {
            string? problem = parameters.Problem();
            if (problem != null) throw new ArgumentException(problem, nameof(parameters));
            Inner = inner;
            _p = parameters;
        }

        /// <summary>The sink the image goes to.</summary>
        public IDumpSink Inner { get; }

        public long BytesWritten => Inner.BytesWritten;

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
            Inner.Write(offset, data);
            if (offset + data.Length > _length) _length = offset + data.Length;
            int bs = _p.BlockSize;
            while (data.Length > 0)
            {
                long index = offset / bs;
                int at = (int)(offset % bs);
                int n = Math.Min(bs - at, data.Length);
                if (index < _done.Length && _done[index])
                    throw new InvalidOperationException($"image bytes at {offset} written after their block was digested");
                if (!_open.TryGetValue(index, out OpenBlock? block))
                {
                    if (n == bs)
                    {
                        // A whole block in one write (most page data): digested where it is.
                        Ensure(index + 1);
                        BlockDigest.Compute(_p, index, data.Slice(0, n), _digests.AsSpan(checked((int)(index * DigestParameters.DigestSize))));
                        _done[index] = true;
                        offset += n;
                        data = data.Slice(n);
                        continue;
                    }
                    block = new OpenBlock(_spare.Count > 0 ? _spare.Pop() : new byte[bs]);
                    _open.Add(index, block);
                }
                data.Slice(0, n).CopyTo(block.Bytes.AsSpan(at));
                block.Filled += n;
                if (block.Filled >= bs) Finish(index, block, bs);
                offset += n;
                data = data.Slice(n);
            }
        }

        public void Commit()
        {
            int bs = _p.BlockSize;
            long count = DigestTrailer.BlockCountFor(_length, bs);
            Ensure(count);
            byte[]? zeros = null;
            for (long i = 0; i < count; i++)
            {
                if (_done[i]) continue;
                int size = (int)Math.Min(bs, _length - i * bs);
                if (_open.TryGetValue(i, out OpenBlock? block)) Finish(i, block, size);
                else
                {
                    // A block no write touched: a hole, zeros on disk.
                    zeros ??= new byte[bs];
                    BlockDigest.Compute(_p, i, zeros.AsSpan(0, size), _digests.AsSpan(checked((int)(i * DigestParameters.DigestSize))));
                    _done[i] = true;
                }
            }
            byte[] trailer = DigestTrailer.Encode(_p, _length, _digests.AsSpan(0, checked((int)(count * DigestParameters.DigestSize))));
            Inner.Write(_length, trailer);
            Inner.Commit();
        }

        private void Finish(long index, OpenBlock block, int size)
        {
            Ensure(index + 1);
            BlockDigest.Compute(_p, index, block.Bytes.AsSpan(0, size), _digests.AsSpan(checked((int)(index * DigestParameters.DigestSize))));
            _done[index] = true;
            _open.Remove(index);
            Array.Clear(block.Bytes, 0, block.Bytes.Length);
            if (_spare.Count < 4) _spare.Push(block.Bytes);
        }

        private void Ensure(long blocks)
        {
            if (blocks <= _done.Length) return;
            long size = Math.Max(blocks, (long)_done.Length * 2);
            Array.Resize(ref _done, checked((int)size));
            Array.Resize(ref _digests, checked((int)(size * DigestParameters.DigestSize)));
        }

        /// <summary>An incomplete image gets no trailer (its note still announces one, so readers warn).</summary>
        public string KeepIncomplete(IncompleteMarker? marker) => Inner.KeepIncomplete(marker);

        public void Dispose() => Inner.Dispose();

        private sealed class OpenBlock
        {
            public OpenBlock(byte[] bytes) => Bytes = bytes;
            public readonly byte[] Bytes;
            public int Filled;
        }
    }
}
