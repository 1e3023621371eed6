using System;

namespace Common.DumpFormats.Compression
{
    /// <summary>RFC 1950's Adler-32, which ends every zlib stream: makedumpfile's compressor writes it, PageDecompressor checks it.</summary>
    public static class Adler32
    {
        public static uint Of(ReadOnlySpan<byte> data)
        {
            uint a = 1, b = 0;
            int i = 0;
            while (i < data.Length)
            {
                // 5552 bytes is the most that cannot overflow 32 bits before the modulo (zlib's NMAX).
                int end = Math.Min(data.Length, i + 5552);
                for (; i < end; i++)
                {
                    a += data[i];
                    b += a;
                }
                a %= 65521;
                b %= 65521;
            }
            return (b << 16) | a;
        }
    }
}
