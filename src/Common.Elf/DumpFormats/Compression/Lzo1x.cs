using System;

namespace Common.DumpFormats.Compression
{
    /// <summary>
    /// LZO1X decompression, written from the bitstream description in the kernel's
    /// Documentation/staging/lzo.rst: every length and distance is checked against the buffers.
    /// makedumpfile's compressor is MakeDumpFile.Writers.Compression.Lzo1xCompressor.
    /// </summary>
    public static class Lzo1x
    {
        /// <summary>Decompresses a whole LZO1X stream; returns the number of bytes produced.</summary>
        public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
        {
            int ip = 0, op = 0, state = 0;
            if (input.Length == 0) throw new DumpFormatException("LZO: empty stream");
            if (input[0] > 17)
            {
                int t = input[ip++] - 17;
                CopyLiterals(input, ref ip, output, ref op, t);
                state = t < 4 ? t : 4;
            }
            while (true)
            {
                if (ip >= input.Length) throw new DumpFormatException("LZO: stream ends without an end marker");
                int b = input[ip++];
                int len, dist, s;
                if (b < 16)
                {
                    if (state == 0)
                    {
                        int count = 3 + (b != 0 ? b : 15 + ReadExtension(input, ref ip));
                        CopyLiterals(input, ref ip, output, ref op, count);
                        state = 4;
                        continue;
                    }
                    int h = Next(input, ref ip);
                    if (state == 4) { len = 3; dist = (h << 2) + ((b >> 2) & 3) + 2049; }
                    else { len = 2; dist = (h << 2) + ((b >> 2) & 3) + 1; }
                    s = b & 3;
                }
                else if (b < 32)
                {
                    len = 2 + ((b & 7) != 0 ? (b & 7) : 7 + ReadExtension(input, ref ip));
                    int lo = Next(input, ref ip), hi = Next(input, ref ip);
                    int le = lo | (hi << 8);
                    dist = 16384 + ((b & 8) << 11) + (le >> 2);
                    s = le & 3;
                    if (dist == 16384)
                    {
                        if (ip != input.Length) throw new DumpFormatException("LZO: data after the end marker");
                        return op;
                    }
                }
                else if (b < 64)
                {
                    len = 2 + ((b & 31) != 0 ? (b & 31) : 31 + ReadExtension(input, ref ip));
                    int lo = Next(input, ref ip), hi = Next(input, ref ip);
                    int le = lo | (hi << 8);
                    dist = (le >> 2) + 1;
                    s = le & 3;
                }
                else if (b < 128)
                {
                    len = 3 + ((b >> 5) & 1);
                    dist = (Next(input, ref ip) << 3) + ((b >> 2) & 7) + 1;
                    s = b & 3;
                }
                else
                {
                    len = 5 + ((b >> 5) & 3);
                    dist = (Next(input, ref ip) << 3) + ((b >> 2) & 7) + 1;
                    s = b & 3;
                }
                if (dist > op) throw new DumpFormatException($"LZO: copy from {dist} bytes back at output offset {op}");
                if (len > output.Length - op) throw new DumpFormatException("LZO: output larger than expected");
                for (int i = 0; i < len; i++, op++) output[op] = output[op - dist];
                CopyLiterals(input, ref ip, output, ref op, s);
                state = s;
            }
        }

        private static int Next(ReadOnlySpan<byte> input, ref int ip)
        {
            if (ip >= input.Length) throw new DumpFormatException("LZO: stream truncated");
            return input[ip++];
        }

        private static int ReadExtension(ReadOnlySpan<byte> input, ref int ip)
        {
            int sum = 0;
            while (true)
            {
                int v = Next(input, ref ip);
                if (v != 0) return sum + v;
                sum += 255;
                if (sum > (1 << 24)) throw new DumpFormatException("LZO: run length out of range");
            }
        }

        private static void CopyLiterals(ReadOnlySpan<byte> input, ref int ip, Span<byte> output, ref int op, int count)
        {
            if (count > input.Length - ip) throw new DumpFormatException("LZO: literal run past the end of the stream");
            if (count > output.Length - op) throw new DumpFormatException("LZO: output larger than expected");
            input.Slice(ip, count).CopyTo(output.Slice(op));
            ip += count;
            op += count;
        }
    }
}
