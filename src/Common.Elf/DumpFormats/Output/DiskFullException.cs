using System;
using System.IO;

namespace Common.DumpFormats.Output
{
    /// <summary>The output device ran out of space (ENOSPC).</summary>
    public sealed class DiskFullException : Exception
    {
        public DiskFullException(string path, Exception inner) : base($"{path}: No space left on device", inner) { Path = path; }

        public string Path { get; }

        public static bool IsDiskFull(IOException e) =>
            e.HResult == 28 || (e.HResult & 0xffff) == 0x70 || (e.HResult & 0xffff) == 0x27
            || e.Message.IndexOf("No space left", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
