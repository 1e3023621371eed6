using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Common.DumpFormats;
using KRestore.Image;
using KRestore.Output;
using KRestore.Planning;
using KRestore.Target;

namespace KRestore.Writing
{
    /// <summary>
    /// Writes the plan into the target in large pwrites, in address order, while worker tasks
    /// decompress the next chunks. Memory stays at a few chunks whatever the image size.
    /// </summary>
    internal static class ImageWriter
    {
        public static List<Chunk> Write(RestoreImage image, RestorePlan plan, TargetDevice target, int threads, Messages m)
        {
            int ps = image.PageSize;
            List<Chunk> chunks = ChunkPlanner.Split(plan.Runs, ps);
            var filler = new ChunkFiller(image.Source, plan.Runs);
            var free = new Stack<(byte[] Data, byte[] Scratch)>();
            var pending = new Queue<(Chunk Chunk, Task<(byte[] Data, byte[] Scratch)> Fill)>();
            int lookahead = Math.Max(2, threads * 2);
            ulong written = 0;
            int next = 0;
            while (next < chunks.Count || pending.Count > 0)
            {
                while (next < chunks.Count && pending.Count < lookahead)
                {
                    Chunk c = chunks[next++];
                    (byte[] Data, byte[] Scratch) buffers;
                    lock (free) buffers = free.Count > 0 ? free.Pop() : (new byte[Chunk.ChunkBytes], new byte[Chunk.ChunkBytes + 2 * ps]);
                    pending.Enqueue((c, Task.Run(() =>
                    {
                        filler.Fill(c, buffers.Data, buffers.Scratch);
                        return buffers;
                    })));
                }
                (Chunk chunk, Task<(byte[] Data, byte[] Scratch)> fill) = pending.Dequeue();
                (byte[] Data, byte[] Scratch) filled;
                try { filled = fill.GetAwaiter().GetResult(); }
                catch (DumpFormatException e)
                {
                    // The whole image decoded in the check; reading it again failed.
                    throw new TargetException($"the image could not be read again while writing (changed on disk?): {e.Message}; the target is partly written");
                }
                try { target.WriteAll(chunk.Target, filled.Data.AsSpan(0, chunk.Length)); }
                catch (TargetException e) when (written > 0)
                {
                    throw new TargetException($"{e.Message}; {written} bytes were written before it: the target is partly written");
                }
                written += (ulong)chunk.Length;
                m.Progress("Writing", written, plan.BytesToWrite);
                lock (free) free.Push(filled);
            }
            target.Sync();
            m.Progress("Writing", plan.BytesToWrite, plan.BytesToWrite);
            return chunks;
        }
    }
}
