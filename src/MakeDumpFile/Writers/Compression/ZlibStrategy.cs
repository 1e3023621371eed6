namespace MakeDumpFile.Writers.Compression
{
    /// <summary>
    /// zlib's deflateInit2() strategies (zlib.h: Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY,
    /// Z_RLE, Z_FIXED), in zlib's order.
    /// </summary>
    public enum ZlibStrategy
    {
        Default,
        Filtered,
        HuffmanOnly,
        Rle,
        Fixed,
    }
}
