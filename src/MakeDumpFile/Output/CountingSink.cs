using System;
using Common.DumpFormats.Output;

namespace MakeDumpFile.Output
{
    /// <summary>--dry-run: the output is produced and counted, and nothing is written anywhere.</summary>
    internal sealed class CountingSink : IDumpSink
    {
        public long BytesWritten { get; private set; }

        public void Write(long offset, ReadOnlySpan<byte> data) => BytesWritten += data.Length;

        public void Commit() { }

        public string KeepIncomplete(IncompleteMarker? marker) => "nothing was written (--dry-run)";

        public void Dispose() { }
    }
}
