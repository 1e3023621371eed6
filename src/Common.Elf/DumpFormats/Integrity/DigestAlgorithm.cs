namespace Common.DumpFormats.Integrity
{
    /// <summary>
    /// How the blocks of an image are digested (the algorithm field of the digest trailer and of
    /// the KEXEC_JUMP note type 3; docs/makedumpfile.md, "Image digests").
    /// </summary>
    public enum DigestAlgorithm : uint
    {
        /// <summary>
        /// XXH3 with 128-bit output (xxHash specification, XXH3_128bits_withSeed), seeded with
        /// the block's number, stored in its canonical big-endian form. It detects accidental
        /// damage; it is not a defence against someone who can rewrite the image (nothing
        /// stored beside the image could be).
        /// </summary>
        Xxh3_128 = 1,
    }
}
