using System;

namespace Common.DumpFormats.Output
{
    /// <summary>
    /// Where a dump writer's bytes go: a file written at offsets, or a flattened stream that
    /// carries each write's offset with it. Writes come from one thread.
    /// </summary>
    public interface IDumpSink : IDisposable
    {
        void Write(long offset, ReadOnlySpan<byte> data);

        /// <summary>Bytes handed to the sink so far.</summary>
        long BytesWritten { get; }

        /// <summary>Makes the output final (renames the file into place, ends the stream).</summary>
        void Commit();

        /// <summary>
        /// After a <see cref="DiskFullException"/>: keeps what was written as far as the output
        /// allows, with <paramref name="marker"/> (the writer's, from the exception) applied to
        /// it; returns what became of the output, for the error line.
        /// </summary>
        string KeepIncomplete(IncompleteMarker? marker);
    }
}
