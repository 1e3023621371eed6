using System;
using System.IO;

namespace Common.DumpFormats.Output
{
    /// <summary>The output device ran out of space (ENOSPC).</summary>
    public sealed class DiskFullException : Exception
    {
        public DiskFullException(string path, Exception inner) : this(path, inner, null) { }

        private DiskFullException(string path, Exception inner, IncompleteMarker? marker) : base($"{path}: No space left on device", inner)
        {
            Path = path;
            Marker = marker;
        }

        public string Path { get; }

        /// <summary>How the format being written marks a file cut short (given by the writer; null when it could not say).</summary>
        public IncompleteMarker? Marker { get; }

        /// <summary>The same failure, with the writer's marker.</summary>
        public DiskFullException WithMarker(IncompleteMarker? marker) => new DiskFullException(Path, InnerException!, marker);

        public static bool IsDiskFull(IOException e) =>
            e.HResult == 28 || (e.HResult & 0xffff) == 0x70 || (e.HResult & 0xffff) == 0x27
            || e.Message.IndexOf("No space left", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
