namespace MakeDumpFile.Filtering
{
    /// <summary>The -d bits, with makedumpfile's meanings (makedumpfile.h DL_EXCLUDE_*).</summary>
    internal static class DumpLevel
    {
        public const int Zero = 0x01;
        public const int Cache = 0x02;
        public const int CachePrivate = 0x04;
        public const int User = 0x08;
        public const int Free = 0x10;
        public const int Max = 31;
    }
}
