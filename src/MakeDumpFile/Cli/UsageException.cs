using System;

namespace MakeDumpFile.Cli
{
    /// <summary>The command line asks for something that cannot be done as given.</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
