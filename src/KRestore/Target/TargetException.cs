using System;

namespace KRestore.Target
{
    /// <summary>The target, its core or the running system could not be used (exit code 3).</summary>
    internal sealed class TargetException : Exception
    {
        public TargetException(string message) : base(message) { }
    }
}
