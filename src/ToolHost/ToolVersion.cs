namespace ToolHost
{
    /// <summary>
    /// What each tool's -v prints. kexec and makedumpfile keep their C tools' forms, which scripts
    /// parse ("kexec-tools 2.0.25", "makedumpfile: version 1.7.2" and its list of compressions),
    /// naming the release whose options and behaviour they follow, then ours in brackets.
    /// </summary>
    public static class ToolVersion
    {
        public const string Suite = "kexec-jump-tools";

        public static string Number => typeof(ToolVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        public static string Text(string tool)
        {
            switch (tool)
            {
                case "kexec":
                    return $"kexec-tools 2.0.25 ({Suite} {Number})";
                case "makedumpfile":
                    // Every codec is built in (managed zlib, LZO, snappy and zstd).
                    return $"makedumpfile: version 1.7.2 ({Suite} {Number})\nlzo\tenabled\nsnappy\tenabled\nzstd\tenabled";
                default:
                    return $"{tool} ({Suite}) {Number}";
            }
        }
    }
}
