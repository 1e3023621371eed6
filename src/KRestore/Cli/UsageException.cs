using System;

namespace KRestore.Cli
{
    /// <summary>The command line asks for something impossible (exit code 2).</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
