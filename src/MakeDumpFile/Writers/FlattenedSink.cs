using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using Common.DumpFormats.Flattened;
using Common.DumpFormats.Output;

namespace MakeDumpFile.Writers
{
    /// <summary>Writes a dump as a flattened stream (to standard output for -F).</summary>
    public sealed class FlattenedSink : IDumpSink
    {
        private readonly Stream _out;
        private readonly byte[] _record = new byte[FlattenedFormat.RecordHeaderSize];

        public FlattenedSink(Stream output)
        {
            _out = output;
            var header = new byte[FlattenedFormat.HeaderSize];
            Encoding.ASCII.GetBytes(FlattenedFormat.Signature).CopyTo(header, 0);
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(FlattenedFormat.TypeOffset), FlattenedFormat.Type);
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(FlattenedFormat.VersionOffset), FlattenedFormat.Version);
            Emit(header);
        }

        public long BytesWritten { get; private set; }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            if (data.Length == 0) return;
            BinaryPrimitives.WriteInt64BigEndian(_record, offset);
            BinaryPrimitives.WriteInt64BigEndian(_record.AsSpan(8), data.Length);
            Emit(_record);
            Emit(data);
            BytesWritten += data.Length;
        }

        private void Emit(ReadOnlySpan<byte> data)
        {
            try
            {
#if NET6_0_OR_GREATER
                _out.Write(data);
#else
                byte[] tmp = data.ToArray();
                _out.Write(tmp, 0, tmp.Length);
#endif
            }
            catch (IOException e) when (DiskFullException.IsDiskFull(e))
            {
                throw new DiskFullException("standard output", e);
            }
        }

        public void Commit()
        {
            BinaryPrimitives.WriteInt64BigEndian(_record, FlattenedFormat.EndFlag);
            BinaryPrimitives.WriteInt64BigEndian(_record.AsSpan(8), FlattenedFormat.EndFlag);
            Emit(_record);
            _out.Flush();
        }

        /// <summary>
        /// A flattened stream cannot go back to its header: what marks it incomplete is the end
        /// record it lacks, so -R and every reader refuse it as truncated (1.7.2's -R too).
        /// </summary>
        public string KeepIncomplete(IncompleteMarker? marker) => "the flattened stream is incomplete (it has no end record)";

        public void Dispose() { }
    }
}
