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
        /// <param name="decodedFirst">Whether the scan decoded every page before (the image has no digests, or it was asked to).</param>
        public static List<Chunk> Write(RestoreImage image, RestorePlan plan, TargetDevice target, int threads, bool decodedFirst, Messages m)
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
                    // Either the whole image decoded in the check and reading it again failed, or
                    // its digests matched (every byte is its writer's) and its writer stored a
                    // page that does not decode.
                    string why = decodedFirst
                        ? "the image could not be read again while writing (changed on disk?)"
                        : "a page of the image does not decode although its digests match (written so by its writer; krestore --dry-run decodes every page without writing)";
                    string state = written > 0 ? $"; {written} bytes were written before it: the target is partly written" : "; nothing was written";
                    throw new TargetException($"{why}: {e.Message}{state}");
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
