using System;
using System.Collections.Generic;
using KRestore.Output;
using KRestore.Target;

namespace KRestore.Writing
{
    /// <summary>Reads back everything written and compares it page by page with the hashes taken while writing.</summary>
    internal static class Verifier
    {
        public sealed class Result
        {
            public ulong PagesChecked { get; set; }
            public ulong PagesDiffering { get; set; }
            public ulong? FirstDifference { get; set; }
        }

        public static Result Run(IReadOnlyList<Chunk> chunks, TargetDevice target, int pageSize, ulong totalBytes, Messages m)
        {
            var result = new Result();
            var buffer = new byte[Chunk.ChunkBytes];
            ulong done = 0;
            foreach (Chunk c in chunks)
            {
                target.ReadAll(c.Target, buffer.AsSpan(0, c.Length));
                ulong[] got = ChunkFiller.Hashes(c.Target, buffer.AsSpan(0, c.Length), pageSize);
                ulong[] want = c.PageHashes!;
                ulong address = c.Target;
                for (int i = 0; i < want.Length; i++)
                {
                    result.PagesChecked++;
                    if (i >= got.Length || got[i] != want[i])
                    {
                        result.PagesDiffering++;
                        if (result.FirstDifference == null || address < result.FirstDifference) result.FirstDifference = address;
                    }
                    address = address - address % (ulong)pageSize + (ulong)pageSize;
                }
                done += (ulong)c.Length;
                m.Progress("Verifying", done, totalBytes);
            }
            m.Progress("Verifying", totalBytes, totalBytes);
            return result;
        }
    }
}
