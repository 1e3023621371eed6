using System;

namespace Common.DumpFormats
{
    /// <summary>A dump file (ELF core, kdump-compressed, flattened) is malformed or truncated.</summary>
    public sealed class DumpFormatException : Exception
    {
        public DumpFormatException(string message) : base(message) { }
    }
}
