using System;

namespace ToolHost.CommandLine
{
    /// <summary>The command line cannot be carried out as given: one line on stderr and the tool's usage exit status.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
