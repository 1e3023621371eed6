using System;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// The -i VMCOREINFO file cannot be used. Not a <see cref="KernelDataException"/>: those are
    /// only warnings at dump levels 0 and 1, while 1.7.2 fails on a bad -i file at every level
    /// (initial() reads it and checks the release whatever the dump level). <see cref="ExitCode"/>
    /// is 2 for a release that is not the dump's (check_release() sets retcd to WRONG_RELEASE,
    /// which main() returns), 1 for the rest.
    /// </summary>
    internal sealed class VmcoreInfoFileException : Exception
    {
        public const int WrongRelease = 2;

        public VmcoreInfoFileException(string message, int exitCode = 1) : base(message)
        {
            ExitCode = exitCode;
        }

        public int ExitCode { get; }
    }
}
