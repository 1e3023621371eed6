using System;
using System.Collections.Generic;
using Common.DumpFormats;
using KRestore.Planning;

namespace KRestore.Writing
{
    /// <summary>Produces a chunk's bytes from the image (decompressing its pages) and hashes them per target page.</summary>
    internal sealed class ChunkFiller
    {
        private readonly IPageSource _source;
        private readonly IReadOnlyList<WriteRun> _runs;
        private readonly int _pageSize;

        public ChunkFiller(IPageSource source, IReadOnlyList<WriteRun> runs)
        {
            _source = source;
            _runs = runs;
            _pageSize = source.PageSize;
        }

        /// <summary>Fills buffer[0..chunk.Length) and sets chunk.PageHashes. scratch must hold ChunkBytes + 2 pages.</summary>
        public void Fill(Chunk chunk, byte[] buffer, byte[] scratch)
        {
            int done = 0;
            int zeroPages = 0;
            for (int k = 0; k < chunk.RunCount; k++)
            {
                WriteRun run = _runs[chunk.FirstRun + k];
                ulong offset = chunk.Target + (ulong)done - run.Target;
                int take = (int)Math.Min(run.Length - offset, (ulong)(chunk.Length - done));
                Span<byte> dest = buffer.AsSpan(done, take);
                if (run.Zero) dest.Clear();
                else
                {
                    // Pages the image stores that decode to zeros (counted, since the summary
                    // tells zero pages apart, when the scan did not decode them first).
                    ulong from = run.ImageAddress + offset;
                    ulong firstPfn = from / (ulong)_pageSize;
                    int inPage = (int)(from % (ulong)_pageSize);
                    int pages = (inPage + take + _pageSize - 1) / _pageSize;
                    _source.ReadPages(firstPfn, pages, scratch.AsSpan(0, pages * _pageSize));
                    scratch.AsSpan(inPage, take).CopyTo(dest);
                    zeroPages += ZeroPieces(chunk.Target + (ulong)done, dest, _pageSize);
                }
                done += take;
            }
            chunk.PageHashes = Hashes(chunk.Target, buffer.AsSpan(0, chunk.Length), _pageSize);
            chunk.ZeroPagesFromImage = zeroPages;
        }

        // The pieces of data (cut at target page boundaries, one per page of the plan) that are all zero.
        private static int ZeroPieces(ulong target, ReadOnlySpan<byte> data, int pageSize)
        {
            int zero = 0, at = 0;
            while (at < data.Length)
            {
                ulong address = target + (ulong)at;
                int piece = (int)Math.Min((ulong)(data.Length - at), (ulong)pageSize - address % (ulong)pageSize);
                if (ZeroPage.Is(data.Slice(at, piece))) zero++;
                at += piece;
            }
            return zero;
        }

        /// <summary>One hash per target page the chunk touches (pieces cut at page boundaries).</summary>
        public static ulong[] Hashes(ulong target, ReadOnlySpan<byte> data, int pageSize)
        {
            var hashes = new List<ulong>(data.Length / pageSize + 2);
            int at = 0;
            while (at < data.Length)
            {
                ulong address = target + (ulong)at;
                int piece = (int)Math.Min((ulong)(data.Length - at), (ulong)pageSize - address % (ulong)pageSize);
                hashes.Add(PageHash.Of(data.Slice(at, piece)));
                at += piece;
            }
            return hashes.ToArray();
        }
    }
}
