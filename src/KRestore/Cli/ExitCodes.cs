namespace KRestore.Cli
{
    /// <summary>krestore's exit codes, documented in --help and docs/krestore.md.</summary>
    internal static class ExitCodes
    {
        /// <summary>Everything was written (and read back equal, unless --no-verify); with --dry-run: the image would be written.</summary>
        public const int Success = 0;
        /// <summary>The image failed a check (corrupt, truncated, other machine, dump level, too large, ranges): nothing written.</summary>
        public const int Refused = 1;
        /// <summary>Bad command line: nothing read or written.</summary>
        public const int Usage = 2;
        /// <summary>The target, its core, /proc/iomem or the image file could not be opened, read or written, or not root.</summary>
        public const int IoError = 3;
        /// <summary>Everything was written, but reading it back gave different bytes.</summary>
        public const int VerifyMismatch = 4;

        public const string HelpText =
            "Exit codes: 0 written and verified (--dry-run: would be written); 1 image refused, nothing written; " +
            "2 usage error; 3 I/O error or missing privilege (target, /proc/vmcore, /proc/iomem, image file); " +
            "4 written but the read-back differs.";
    }
}
