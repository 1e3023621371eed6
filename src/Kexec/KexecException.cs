using System;
using Kexec.Cli;

namespace Kexec
{
    /// <summary>
    /// A failure the user must see as one line ("kexec: ...") with a non-zero exit.
    /// Thrown before anything is handed to the kernel, so a failed run loads nothing.
    /// </summary>
    internal sealed class KexecException : Exception
    {
        public KexecException(string message, int exitCode = ExitCodes.Failure) : base(message) { ExitCode = exitCode; }

        public int ExitCode { get; }
    }
}
