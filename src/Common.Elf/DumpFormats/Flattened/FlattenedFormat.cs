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
        /// <summary>signature is a char[16]: the name, then NULs.</summary>
        public const int SignatureFieldSize = 16;
        public const int TypeOffset = 16;
        public const int VersionOffset = 24;
        /// <summary>End of struct makedumpfile_header; writers zero the rest of the 4096 bytes.</summary>
        public const int HeaderFieldsEnd = 32;
        public const int HeaderSize = 4096;
        public const long Type = 1;
        public const long Version = 1;
        public const int RecordHeaderSize = 16;
        public const long EndFlag = -1;
    }
}
