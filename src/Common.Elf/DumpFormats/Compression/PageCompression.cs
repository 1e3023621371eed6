namespace Common.DumpFormats.Compression
{
    /// <summary>The page compressors of the kdump-compressed format (-c, -l, -p, -z).</summary>
    public enum PageCompression
    {
        None,
        Zlib,
        Lzo,
        Snappy,
        Zstd,
    }
}
