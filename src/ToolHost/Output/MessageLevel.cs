namespace ToolHost.Output
{
    /// <summary>
    /// The bits of makedumpfile's --message-level (print_info.h), which makedumpfile and
    /// krestore both take: 1 progress, 2 common messages, 4 errors, 8 debug, 16 report.
    /// </summary>
    public static class MessageLevel
    {
        public const int Progress = 0x01;
        public const int Common = 0x02;
        public const int Error = 0x04;
        public const int Debug = 0x08;
        public const int Report = 0x10;
        /// <summary>makedumpfile's default: progress, common messages and errors.</summary>
        public const int Default = Progress | Common | Error;
        /// <summary>Every bit: the largest value --message-level accepts.</summary>
        public const int All = 0x1f;
    }
}
