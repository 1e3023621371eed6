using System;
using System.IO;
#if NET6_0_OR_GREATER
using Microsoft.Win32.SafeHandles;
#endif

namespace Common.DumpFormats
{
    /// <summary>
    /// A read-only file read at explicit offsets from any number of threads
    /// (pread on .NET 6+, a locked seek+read on the older targets).
    /// </summary>
    public sealed class PositionalFile : IDisposable
    {
#if NET6_0_OR_GREATER
        private readonly SafeFileHandle _handle;
#else
        private readonly FileStream _stream;
        private readonly object _gate = new object();
#endif

        public PositionalFile(string path)
        {
            Path = path;
#if NET6_0_OR_GREATER
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Length = RandomAccess.GetLength(_handle);
#else
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.RandomAccess);
            Length = _stream.Length;
#endif
        }

        public string Path { get; }
        public long Length { get; }

        /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>, or throws when the file ends first.</summary>
        public void ReadExactly(long offset, Span<byte> destination, string what)
        {
            if (offset < 0 || offset > Length || destination.Length > Length - offset)
                throw new DumpFormatException($"{what} at offset {offset} (+{destination.Length}) lies past the end of {Path} ({Length} bytes): truncated file?");
            int done = 0;
            while (done < destination.Length)
            {
                int n = Read(offset + done, destination.Slice(done));
                if (n <= 0) throw new DumpFormatException($"{what}: {Path} ends at offset {offset + done}");
                done += n;
            }
        }

        private int Read(long offset, Span<byte> destination)
        {
#if NET6_0_OR_GREATER
            return RandomAccess.Read(_handle, destination, offset);
#else
            lock (_gate)
            {
                _stream.Seek(offset, SeekOrigin.Begin);
                byte[] tmp = new byte[destination.Length];
                int n = _stream.Read(tmp, 0, tmp.Length);
                if (n > 0) tmp.AsSpan(0, n).CopyTo(destination);
                return n;
            }
#endif
        }

        public void Dispose()
        {
#if NET6_0_OR_GREATER
            _handle.Dispose();
#else
            _stream.Dispose();
#endif
        }
    }
}
