namespace Kexec.Cli
{
    /// <summary>kexec-tools' exit statuses: main() returns 1 after usage(), and -1 (255) when a step fails.</summary>
    internal static class ExitCodes
    {
        public const int Success = 0;
        /// <summary>Bad command line (unknown option, bad number): the usage text's status.</summary>
        public const int Usage = 1;
        /// <summary>A load, unload, exec or file read failed.</summary>
        public const int Failure = 255;
    }
}
