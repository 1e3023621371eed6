using System;

namespace MakeDumpFile.Writers.Compression
{
    /// <summary>
    /// LZO1X compression, written from the bitstream description in the kernel's
    /// Documentation/staging/lzo.rst: a greedy LZ77 compressor (hash of 4 bytes, distances up
    /// to 48 KiB) emitting the M2/M3/M4 copy and literal-run instructions that
    /// Common.DumpFormats.Compression.Lzo1x (and the kernel's lzo1x_decompress_safe) read.
    /// </summary>
    public static class Lzo1xCompressor
    {
        private const int HashBits = 14;
        private const int MaxDistance = 49151;
        private const int M2MaxDistance = 2048;
        private const int M3MaxDistance = 16384;

        /// <summary>Worst-case output size for an input of <paramref name="length"/> bytes.</summary>
        public static int MaxCompressedLength(int length) => length + length / 16 + 64 + 3;

        /// <summary>
        /// Compresses <paramref name="input"/>; returns the output length. <paramref name="hashTable"/>
        /// must hold 1 &lt;&lt; 14 entries and be reused between calls by one thread only: entries are
        /// tagged with a per-call base so the table need not be cleared each time.
        /// </summary>
        public static unsafe int Compress(ReadOnlySpan<byte> input, Span<byte> output, int[] hashTable)
        {
            if (output.Length < MaxCompressedLength(input.Length)) throw new ArgumentException("output buffer too small", nameof(output));
            if (hashTable.Length != 1 << HashBits) throw new ArgumentException("hash table must have 16384 entries", nameof(hashTable));
            int n = input.Length;
            // Entries hold position + a per-call base that grows by more than any input length,
            // so entries of earlier calls read as negative positions.
            int baseTag = NextBase(hashTable, n);
            int op = 0;
            int litStart = 0;
            int sPos = -1; // where the previous match keeps its 2-bit trailing-literal count
            int ip = 1;
            // The search loop runs once per input byte that starts no match, so it reads through
            // pointers: every read stays below n - 3 (ip + 4 <= n, candidate < ip), and the match
            // length is bounded by n. The hash and the 4-byte compare work on host-order words,
            // which only need to be consistent within this call.
            fixed (byte* src = input)
            fixed (int* table = hashTable)
            {
                while (ip + 4 <= n)
                {
                    uint seq = *(uint*)(src + ip);
                    int h = (int)((seq * 2654435761u) >> (32 - HashBits));
                    int candidate = table[h] - baseTag;
                    table[h] = ip + baseTag;
                    int dist = ip - candidate;
                    if ((uint)candidate >= (uint)ip || dist > MaxDistance || *(uint*)(src + candidate) != seq)
                    {
                        // LZO1X-1's trick: the longer the current literal run, the bigger the step.
                        ip += 1 + ((ip - litStart) >> 5);
                        continue;
                    }
                    int len = 4 + MatchLength(src + candidate + 4, src + ip + 4, n - ip - 4);
                    op = EmitLiterals(input, litStart, ip - litStart, output, op, sPos);
                    op = EmitMatch(output, op, dist, len, out sPos);
                    ip += len;
                    litStart = ip;
                }
            }
            op = EmitLiterals(input, litStart, n - litStart, output, op, sPos);
            // End of stream: M4 with distance 16384.
            output[op++] = 0x11;
            output[op++] = 0;
            output[op++] = 0;
            return op;
        }

        // How many leading bytes (at most max) the earlier and the current position share.
        private static unsafe int MatchLength(byte* earlier, byte* here, int max)
        {
            int len = 0;
            while (len + 8 <= max)
            {
                ulong diff = *(ulong*)(earlier + len) ^ *(ulong*)(here + len);
                if (diff != 0) return len + FirstDifferingByte(diff);
                len += 8;
            }
            while (len < max && earlier[len] == here[len]) len++;
            return len;
        }

        // The index of the first differing byte in memory order within a word that differs.
        private static int FirstDifferingByte(ulong diff)
        {
            if (!BitConverter.IsLittleEndian)
            {
                int i = 0;
                while ((diff >> (56 - 8 * i) & 0xff) == 0) i++;
                return i;
            }
#if NET5_0_OR_GREATER
            return System.Numerics.BitOperations.TrailingZeroCount(diff) >> 3;
#else
            int b = 0;
            while ((diff & 0xff) == 0) { diff >>= 8; b++; }
            return b;
#endif
        }

        private const int BaseStep = 1 << 17;
        [ThreadStatic] private static int[]? _lastTable;
        [ThreadStatic] private static int _lastBase;

        private static int NextBase(int[] table, int length)
        {
            int b = ReferenceEquals(_lastTable, table) && length < BaseStep ? _lastBase + BaseStep : int.MaxValue;
            if (b > int.MaxValue - 2 * BaseStep || b <= 0)
            {
                // Start over: every entry must read as "before this call".
                for (int i = 0; i < table.Length; i++) table[i] = int.MinValue;
                b = 1 << 20;
            }
            _lastTable = table;
            _lastBase = b;
            return b;
        }

        private static int EmitLiterals(ReadOnlySpan<byte> input, int start, int count, Span<byte> output, int op, int sPos)
        {
            if (count == 0) return op;
            if (sPos < 0)
            {
                // First literal run of the stream.
                if (count <= 238) output[op++] = (byte)(17 + count);
                else op = EmitLongLiteralHeader(output, op, count);
            }
            else if (count <= 3)
            {
                output[sPos] |= (byte)count;
            }
            else
            {
                op = EmitLongLiteralHeader(output, op, count);
            }
            input.Slice(start, count).CopyTo(output.Slice(op));
            return op + count;
        }

        private static int EmitLongLiteralHeader(Span<byte> output, int op, int count)
        {
            int v = count - 3;
            if (v <= 15) output[op++] = (byte)v;
            else
            {
                output[op++] = 0;
                op = EmitLengthExtension(output, op, v - 15);
            }
            return op;
        }

        // rem = 255 * zeros + last, with last in 1..255.
        private static int EmitLengthExtension(Span<byte> output, int op, int rem)
        {
            while (rem > 255)
            {
                output[op++] = 0;
                rem -= 255;
            }
            output[op++] = (byte)rem;
            return op;
        }

        private static int EmitMatch(Span<byte> output, int op, int dist, int len, out int sPos)
        {
            if (len <= 8 && dist <= M2MaxDistance)
            {
                int d = dist - 1;
                sPos = op;
                if (len <= 4) output[op++] = (byte)(0x40 | ((len - 3) << 5) | ((d & 7) << 2));
                else output[op++] = (byte)(0x80 | ((len - 5) << 5) | ((d & 7) << 2));
                output[op++] = (byte)(d >> 3);
                return op;
            }
            if (dist <= M3MaxDistance)
            {
                int v = len - 2;
                if (v <= 31) output[op++] = (byte)(0x20 | v);
                else
                {
                    output[op++] = 0x20;
                    op = EmitLengthExtension(output, op, v - 31);
                }
                int d = dist - 1;
                sPos = op;
                output[op++] = (byte)((d & 0x3f) << 2);
                output[op++] = (byte)(d >> 6);
                return op;
            }
            {
                int dd = dist - 16384;
                int hBit = (dd >> 14) & 1;
                int d = dd & 0x3fff;
                int v = len - 2;
                if (v <= 7) output[op++] = (byte)(0x10 | (hBit << 3) | v);
                else
                {
                    output[op++] = (byte)(0x10 | (hBit << 3));
                    op = EmitLengthExtension(output, op, v - 7);
                }
                sPos = op;
                output[op++] = (byte)((d & 0x3f) << 2);
                output[op++] = (byte)(d >> 6);
                return op;
            }
        }
    }
}
