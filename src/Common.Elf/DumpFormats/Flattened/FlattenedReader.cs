using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using Common.DumpFormats.Output;

namespace Common.DumpFormats.Flattened
{
    /// <summary>Rebuilds the dump file a flattened stream describes (-R), checking every record.</summary>
    public static class FlattenedReader
    {
        /// <summary>
        /// Writes the file the stream describes to <paramref name="sink"/>. The rebuilt file's
        /// writer is not here to say how it marks itself incomplete, so a full disk comes out as a
        /// <see cref="DiskFullException"/> with the marker of the format the file's first bytes
        /// show (kdump-compressed in its layout, ELF of its class).
        /// </summary>
        public static void Rebuild(Stream input, IDumpSink sink, long maxFileSize = 1L << 50)
        {
            var head = new ImageHead();
            try
            {
                Rebuild(input, sink, maxFileSize, head);
            }
            catch (DiskFullException e) when (e.Marker == null)
            {
                throw e.WithMarker(IncompleteMarker.ForImage(head.Known));
            }
        }

        private static void Rebuild(Stream input, IDumpSink sink, long maxFileSize, ImageHead head)
        {
            var header = new byte[FlattenedFormat.HeaderSize];
            if (!ReadFull(input, header)) throw new DumpFormatException("flattened stream: header truncated");
            if (Encoding.ASCII.GetString(header, 0, FlattenedFormat.Signature.Length) != FlattenedFormat.Signature)
                throw new DumpFormatException("not a flattened dump (no \"makedumpfile\" signature)");
            long type = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(FlattenedFormat.TypeOffset));
            long version = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(FlattenedFormat.VersionOffset));
            if (type != FlattenedFormat.Type || version != FlattenedFormat.Version)
                throw new DumpFormatException($"flattened stream of type {type} version {version} is not supported");
            // The header is the one part of a stream that does not end up in the rebuilt file, so
            // no digest covers it: its unused bytes, zero as every writer leaves them, are checked here.
            int nonZero = FirstNonZero(header, FlattenedFormat.Signature.Length, FlattenedFormat.SignatureFieldSize);
            if (nonZero < 0) nonZero = FirstNonZero(header, FlattenedFormat.HeaderFieldsEnd, FlattenedFormat.HeaderSize);
            if (nonZero >= 0)
                throw new DumpFormatException($"flattened stream header is damaged: its unused byte {nonZero} is not zero");
            var rec = new byte[FlattenedFormat.RecordHeaderSize];
            var buffer = new byte[1 << 20];
            var coverage = new RecordCoverage();
            while (true)
            {
                if (!ReadFull(input, rec)) throw new DumpFormatException("flattened stream ends without its end marker: truncated?");
                long offset = BinaryPrimitives.ReadInt64BigEndian(rec);
                long size = BinaryPrimitives.ReadInt64BigEndian(rec.AsSpan(8));
                if (offset == FlattenedFormat.EndFlag && size == FlattenedFormat.EndFlag)
                {
                    coverage.CheckComplete();
                    return;
                }
                if (offset < 0 || size < 0 || size > maxFileSize || offset > maxFileSize - size)
                    throw new DumpFormatException($"flattened stream record (offset {offset}, size {size}) is not plausible");
                coverage.Add(offset, size);
                while (size > 0)
                {
                    int n = (int)Math.Min(size, buffer.Length);
                    if (!ReadFull(input, buffer, n))
                        throw new DumpFormatException("flattened stream truncated inside a record");
                    head.Saw(offset, buffer.AsSpan(0, n));
                    sink.Write(offset, buffer.AsSpan(0, n));
                    offset += n;
                    size -= n;
                }
            }
        }

        // The first bytes of the rebuilt file, as far as records have filled them without a gap.
        private sealed class ImageHead
        {
            private readonly byte[] _bytes = new byte[IncompleteMarker.HeadSize];
            private readonly bool[] _have = new bool[IncompleteMarker.HeadSize];

            public ReadOnlySpan<byte> Known
            {
                get
                {
                    int n = 0;
                    while (n < _have.Length && _have[n]) n++;
                    return _bytes.AsSpan(0, n);
                }
            }

            public void Saw(long offset, ReadOnlySpan<byte> data)
            {
                if (offset >= _bytes.Length) return;
                int n = (int)Math.Min(data.Length, _bytes.Length - offset);
                data.Slice(0, n).CopyTo(_bytes.AsSpan((int)offset));
                for (int i = 0; i < n; i++) _have[offset + i] = true;
            }
        }

        private static int FirstNonZero(byte[] b, int from, int to)
        {
            for (int i = from; i < to; i++) if (b[i] != 0) return i;
            return -1;
        }

        private static bool ReadFull(Stream s, byte[] buf) => ReadFull(s, buf, buf.Length);

        private static bool ReadFull(Stream s, byte[] buf, int count)
        {
            int done = 0;
            while (done < count)
            {
                int n = s.Read(buf, done, count - done);
                if (n <= 0) return false;
                done += n;
            }
            return true;
        }
    }
}
