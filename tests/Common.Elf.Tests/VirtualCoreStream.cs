using System;
using System.IO;

namespace Common.Elf.Tests
{
    /// <summary>
    /// A read-only stream of a given length whose first bytes are real (a core's headers and
    /// notes) and the rest zero: lets tests corrupt or truncate a real core's headers without
    /// copying hundreds of MiB of memory.
    /// </summary>
    internal sealed class VirtualCoreStream : Stream
    {
        private readonly byte[] _prefix;
        private readonly long _length;
        private long _position;

        public VirtualCoreStream(byte[] prefix, long length) { _prefix = prefix; _length = length; }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => _position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            long left = _length - _position;
            if (left <= 0) return 0;
            int n = (int)Math.Min(count, left);
            for (int i = 0; i < n; i++)
            {
                long p = _position + i;
                buffer[offset + i] = p < _prefix.Length ? _prefix[p] : (byte)0;
            }
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            _position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => _length + offset,
            };
            return _position;
        }

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
