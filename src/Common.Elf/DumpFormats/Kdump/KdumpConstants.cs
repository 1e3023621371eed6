namespace Common.DumpFormats.Kdump
{
    /// <summary>
    /// Numbers of the kdump-compressed ("diskdump") format: makedumpfile's IMPLEMENTATION
    /// document and diskdump_mod.h, and crash's diskdump.h.
    /// </summary>
    public static class KdumpConstants
    {
        public const string Signature = "KDUMP   ";
        public const int SignatureLength = 8;
        public const int HeaderVersion = 6;
        public const int HeaderBlocks = 1;

        /// <summary>sizeof(page_desc_t): offset(8) size(4) flags(4) page_flags(8), on i386 too (makedumpfile builds with _FILE_OFFSET_BITS=64).</summary>
        public const int PageDescriptorSize = 24;

        public const uint CompressedZlib = 0x1;
        public const uint CompressedLzo = 0x2;
        public const uint CompressedSnappy = 0x4;
        public const uint CompressedIncomplete = 0x8;
        public const uint ExcludedVmemmap = 0x10;
        public const uint CompressedZstd = 0x20;
    }
}
