namespace Common.DumpFormats.Flattened
{
    /// <summary>
    /// makedumpfile's flattened format (-F; IMPLEMENTATION, "flattened format"): a 4096-byte
    /// header starting "makedumpfile", type 1 and version 1 as big-endian 64-bit numbers, then
    /// records of (offset, size) big-endian 64-bit plus size bytes, ended by a record whose
    /// offset and size are both -1.
    /// </summary>
    public static class FlattenedFormat
    {
        public const string Signature = "makedumpfile";
        public const int HeaderSize = 4096;
        public const long Type = 1;
        public const long Version = 1;
        public const int RecordHeaderSize = 16;
        public const long EndFlag = -1;
    }
}
