using System;
using System.Runtime.InteropServices;

namespace KRestore.Writing
{
    /// <summary>
    /// A 64-bit hash of a page's bytes, to compare what was written with what reads back
    /// without keeping or decompressing the image again. Not cryptographic: it detects lost or
    /// changed writes, not tampering.
    /// </summary>
    internal static class PageHash
    {
        private const ulong Prime1 = 0x9E3779B185EBCA87UL;
        private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

        public static ulong Of(ReadOnlySpan<byte> data)
        {
            ulong h = Prime2 ^ (ulong)data.Length;
            ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
            for (int i = 0; i < words.Length; i++)
            {
                h ^= words[i] * Prime1;
                h = ((h << 31) | (h >> 33)) * Prime2;
            }
            for (int i = words.Length * 8; i < data.Length; i++)
                h = (h ^ data[i]) * Prime1;
            h ^= h >> 29;
            return h * Prime1;
        }
    }
}
