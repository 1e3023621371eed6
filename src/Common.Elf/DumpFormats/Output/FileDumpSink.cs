using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace Common.DumpFormats.Output
{
    /// <summary>
    /// A dump file written under a temporary name in the destination folder and renamed to its
    /// final name only when complete, so a failed run never leaves a file that looks finished.
    /// Sequential writes are gathered in a 1 MiB buffer. The file is created 0600, and a signal
    /// removes it (<see cref="PartialFiles"/>).
    /// </summary>
    public sealed class FileDumpSink : IDumpSink
    {
        private const int BufferSize = 1 << 20;
        private readonly FileStream _stream;
        private readonly byte[] _buffer = new byte[BufferSize];
        private int _buffered;
        private long _bufferOffset;
        private bool _closed;

        public FileDumpSink(string finalPath)
        {
            FinalPath = System.IO.Path.GetFullPath(finalPath);
            string dir = System.IO.Path.GetDirectoryName(FinalPath) ?? ".";
            TempPath = System.IO.Path.Combine(dir, "." + System.IO.Path.GetFileName(FinalPath) + ".partial-" + PartialFiles.WriterTag + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            // Tracked before it exists, so that no signal can come between creation and tracking.
            PartialFiles.Track(TempPath);
            try
            {
                Platform.RawFile.CreatePrivate(TempPath);
                _stream = new FileStream(TempPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1);
            }
            catch
            {
                PartialFiles.Release(TempPath);
                throw;
            }
        }

        /// <summary>
        /// Removes the temporary files of <paramref name="finalPath"/> that an earlier run left
        /// when it was killed (its process is gone); returns their names.
        /// </summary>
        public static IReadOnlyList<string> RemoveStale(string finalPath)
        {
            string full = System.IO.Path.GetFullPath(finalPath);
            var pattern = new Regex("^\\." + Regex.Escape(System.IO.Path.GetFileName(full)) + "\\.partial-" + PartialFiles.WriterTagPattern + "-[0-9a-f]{8}$");
            return PartialFiles.RemoveStale(System.IO.Path.GetDirectoryName(full) ?? ".", pattern);
        }

        public string FinalPath { get; }
        public string TempPath { get; }
        public long BytesWritten { get; private set; }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            if (_buffered > 0 && offset != _bufferOffset + _buffered) Flush();
            while (data.Length > 0)
            {
                if (_buffered == 0) _bufferOffset = offset;
                int n = Math.Min(data.Length, BufferSize - _buffered);
                data.Slice(0, n).CopyTo(_buffer.AsSpan(_buffered));
                _buffered += n;
                data = data.Slice(n);
                offset += n;
                BytesWritten += n;
                if (_buffered == BufferSize) Flush();
            }
        }

        private void Flush()
        {
            if (_buffered == 0) return;
            try
            {
                _stream.Seek(_bufferOffset, SeekOrigin.Begin);
                _stream.Write(_buffer, 0, _buffered);
            }
            catch (IOException e) when (DiskFullException.IsDiskFull(e))
            {
                _buffered = 0;
                throw new DiskFullException(FinalPath, e);
            }
            catch (ArgumentOutOfRangeException)
            {
                // .NET reports EFBIG (an offset past the file system's largest file) this way.
                _buffered = 0;
                throw new IOException($"{FinalPath}: offset {_bufferOffset} is beyond the largest file this file system holds");
            }
            _buffered = 0;
        }

        public void Commit() => Commit(null);

        /// <summary>
        /// Makes the file final; <paramref name="checkBeforeRename"/>, when given, is called with the
        /// complete temporary file first and may throw to keep it from its final name; the
        /// temporary file is then removed.
        /// </summary>
        public void Commit(Action<string>? checkBeforeRename)
        {
            Flush();
            // No fsync, as makedumpfile: the rename makes the file visible only once every byte
            // is written; syncing a multi-GiB dump here would double the run time on slow disks.
            _stream.Flush(false);
            _stream.Dispose();
            _closed = true;
            try { checkBeforeRename?.Invoke(TempPath); }
            catch
            {
                Abandon();
                throw;
            }
            PartialFiles.Publish(TempPath, () =>
            {
#if NETCOREAPP3_0_OR_GREATER
                File.Move(TempPath, FinalPath, true);
#else
                if (File.Exists(FinalPath)) File.Delete(FinalPath);
                File.Move(TempPath, FinalPath);
#endif
            });
        }

        /// <summary>
        /// After the disk filled up: keeps what could be written, sets the writer's
        /// incomplete marker in the header when the header reached the disk, and keeps the file
        /// as <c>FINAL.incomplete</c>.
        /// </summary>
        public string KeepIncomplete(IncompleteMarker? marker)
        {
            // A real ENOSPC came from Flush, which emptied the buffer; a limit above this sink
            // (makedumpfile's -L) refuses writes the disk has room for, so what is buffered below
            // it still goes to the file, as 1.7.2 writes up to the limit.
            try { Flush(); }
            catch (DiskFullException) { }
            string kept = FinalPath + ".incomplete";
            try
            {
                bool marked = false;
                if (marker != null && marker.Offset + IncompleteMarker.WordSize <= _stream.Length)
                {
                    var word = new byte[IncompleteMarker.WordSize];
                    _stream.Seek(marker.Offset, SeekOrigin.Begin);
                    int got = 0;
                    while (got < word.Length)
                    {
                        int n = _stream.Read(word, got, word.Length - got);
                        if (n <= 0) throw new IOException($"{TempPath}: cannot read back its header");
                        got += n;
                    }
                    marker.Apply(word);
                    _stream.Seek(marker.Offset, SeekOrigin.Begin);
                    _stream.Write(word, 0, word.Length);
                    _stream.Flush(true);
                    marked = true;
                }
                _stream.Dispose();
                _closed = true;
                if (File.Exists(kept)) File.Delete(kept);
                PartialFiles.Publish(TempPath, () => File.Move(TempPath, kept));
                if (marker == null) return $"the file is incomplete; what was written is kept as {kept}";
                return marked
                    ? $"the dump is incomplete; what was written is kept as {kept}, marked incomplete in its {marker.Field}"
                    : $"the dump is incomplete; what was written is kept as {kept}, unmarked (its header never reached the disk)";
            }
            catch (IOException)
            {
                Abandon();
                return "the dump is incomplete and could not be kept";
            }
        }

        /// <summary>Removes the temporary file (failure before completion).</summary>
        public void Abandon()
        {
            try
            {
                if (!_closed) _stream.Dispose();
                _closed = true;
                if (File.Exists(TempPath)) File.Delete(TempPath);
                PartialFiles.Release(TempPath);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        public void Dispose()
        {
            if (!_closed) Abandon();
        }
    }
}
