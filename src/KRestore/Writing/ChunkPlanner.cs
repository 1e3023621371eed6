using System;
using System.Collections.Generic;
using KRestore.Planning;

namespace KRestore.Writing
{
    /// <summary>Groups the plan's runs into large writes of contiguous target bytes.</summary>
    internal static class ChunkPlanner
    {
        public static List<Chunk> Split(IReadOnlyList<WriteRun> runs, int pageSize)
        {
            var chunks = new List<Chunk>();
            int i = 0;
            ulong offsetInRun = 0;
            while (i < runs.Count)
            {
                ulong start = runs[i].Target + offsetInRun;
                // Chunks end on page boundaries of the target, so page hashes line up with pages.
                ulong limit = start - start % (ulong)pageSize + Chunk.ChunkBytes;
                int first = i;
                ulong at = start;
                int count = 0;
                while (i < runs.Count && runs[i].Target + offsetInRun == at && at < limit)
                {
                    ulong left = runs[i].Length - offsetInRun;
                    ulong take = Math.Min(left, limit - at);
                    at += take;
                    count++;
                    if (take == left)
                    {
                        i++;
                        offsetInRun = 0;
                    }
                    else
                    {
                        offsetInRun += take;
                        break;
                    }
                }
                chunks.Add(new Chunk(start, first, count, (int)(at - start)));
            }
            return chunks;
        }
    }
}
