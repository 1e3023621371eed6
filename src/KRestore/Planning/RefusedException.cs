using System;

namespace KRestore.Planning
{
    /// <summary>The image must not be written to this target (exit code 1); nothing has been written.</summary>
    internal sealed class RefusedException : Exception
    {
        public RefusedException(string message) : base(message) { }
    }
}
