using System;

namespace MakeDumpFile.Debuginfo
{
    /// <summary>A vmlinux that cannot give what was asked of it (no symbol table, no debug information, a missing symbol).</summary>
    public sealed class KernelDebugInfoException : Exception
    {
        public KernelDebugInfoException(string message) : base(message) { }
    }
}
