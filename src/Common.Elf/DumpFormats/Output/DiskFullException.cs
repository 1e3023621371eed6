using System;
using System.IO;

namespace Common.DumpFormats.Output
{
    /// <summary>
    /// The output device ran out of space (ENOSPC), or the output reached a size limit that
    /// makedumpfile's -L treats the same way (its write_buffer() sets ENOSPC when it does).
    /// </summary>
    public sealed class DiskFullException : Exception
    {
        public const string NoSpace = "No space left on device";

        public DiskFullException(string path, Exception inner) : this(path, NoSpace, inner, null) { }

        /// <summary>A write refused for <paramref name="reason"/> ("Size limit(5242880) reached").</summary>
        public DiskFullException(string path, string reason, Exception inner) : this(path, reason, inner, null) { }

        private DiskFullException(string path, string reason, Exception inner, IncompleteMarker? marker) : base($"{path}: {reason}", inner)
        {
            Path = path;
            Reason = reason;
            Marker = marker;
        }

        /// <summary>Why the write was refused: <see cref="NoSpace"/>, or the size limit reached.</summary>
        public string Reason { get; }

        public string Path { get; }

        /// <summary>How the format being written marks a file cut short (given by the writer; null when it could not say).</summary>
        public IncompleteMarker? Marker { get; }

        /// <summary>The same failure, with the writer's marker.</summary>
        public DiskFullException WithMarker(IncompleteMarker? marker) => new DiskFullException(Path, Reason, InnerException!, marker);

        public static bool IsDiskFull(IOException e) =>
            e.HResult == 28 || (e.HResult & 0xffff) == 0x70 || (e.HResult & 0xffff) == 0x27
            || e.Message.IndexOf("No space left", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
