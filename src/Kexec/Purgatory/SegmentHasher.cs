using System;
using System.Security.Cryptography;
using Kexec.Model;

namespace Kexec.Purgatory
{
    /// <summary>SHA-256 of a segment as it will be in memory: the buffer, then zeros up to memsz.</summary>
    internal static class SegmentHasher
    {
        public static byte[] Hash(Segment segment)
        {
            using var sha = SHA256.Create();
            byte[] buf = segment.Buffer;
            if (buf.Length > 0) sha.TransformBlock(buf, 0, buf.Length, null, 0);
            ulong zeros = segment.MemorySize - (ulong)buf.Length;
            var zero = new byte[64 * 1024];
            while (zeros > 0)
            {
                int n = (int)Math.Min(zeros, (ulong)zero.Length);
                sha.TransformBlock(zero, 0, n, null, 0);
                zeros -= (ulong)n;
            }
            sha.TransformFinalBlock(new byte[0], 0, 0);
            return sha.Hash!;
        }
    }
}
