using System;
using System.IO;
using Common.DumpFormats.Output;

namespace MakeDumpFile.Output
{
    /// <summary>
    /// -L SIZE (makedumpfile's size_limit): the output is written up to SIZE bytes and the write
    /// that would pass it fails as a full disk does ("Size limit(SIZE) reached."), so the dump
    /// ends the same way (kept incomplete, makedumpfile Failed., or the next -d level tried).
    /// 1.7.2's write_buffer() likewise writes what fits, then stops with ENOSPC.
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
            {
                if (offset < _limit) Inner.Write(offset, data.Slice(0, (int)(_limit - offset)));
                string reason = $"Size limit({_limit}) reached (-L)";
                throw new DiskFullException(_path, reason, new IOException(reason));
            }
            Inner.Write(offset, data);
        }

        public void Commit() => Inner.Commit();

        public string KeepIncomplete(IncompleteMarker? marker) => Inner.KeepIncomplete(marker);

        public void Dispose() => Inner.Dispose();
    }
}
