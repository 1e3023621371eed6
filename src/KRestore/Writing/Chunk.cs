namespace KRestore.Writing
{
    /// <summary>
    /// One write: a contiguous target range of at most ChunkBytes, made of pieces of the plan's
    /// runs (image bytes or zeros), with a hash per page of what was written, for the read-back.
    /// </summary>
    internal sealed class Chunk
    {
        public const int ChunkBytes = 1 << 20;

        public Chunk(ulong target, int first, int count, int length)
        {
            Target = target;
            FirstRun = first;
            RunCount = count;
            Length = length;
        }

        public ulong Target { get; }
        /// <summary>Index of the first plan run in this chunk, and how many runs (the first and last may be cut).</summary>
        public int FirstRun { get; }
        public int RunCount { get; }
        public int Length { get; }
        public ulong[]? PageHashes { get; set; }
        /// <summary>Pages taken from the image (not zero-filled runs) whose bytes were all zero.</summary>
        public int ZeroPagesFromImage { get; set; }
    }
}
