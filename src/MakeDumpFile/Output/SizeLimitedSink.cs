using System;
using System.IO;
using Common.DumpFormats.Output;

namespace MakeDumpFile.Output
{
    /// <summary>
    /// -L SIZE (makedumpfile's size_limit): a write that would take the output past SIZE bytes
    /// fails as a full disk does, so the dump ends the same way (incomplete, makedumpfile Failed.).
    /// </summary>
    internal sealed class SizeLimitedSink : IDumpSink
    {
        private readonly long _limit;
        private readonly string _path;

        public SizeLimitedSink(IDumpSink inner, long limit, string path)
        {
            Inner = inner;
            _limit = limit;
            _path = path;
        }

        public IDumpSink Inner { get; }
        public long BytesWritten => Inner.BytesWritten;

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            if (offset + data.Length > _limit)
                throw new DiskFullException(_path, new IOException($"the output would pass the size limit of {_limit} bytes (-L)"));
            Inner.Write(offset, data);
        }

        public void Commit() => Inner.Commit();

        public string KeepIncomplete(IncompleteMarker? marker) => Inner.KeepIncomplete(marker);

        public void Dispose() => Inner.Dispose();
    }
}
