using System;
using System.Buffers.Binary;

namespace Kexec.Purgatory
{
    /// <summary>
    /// SHA-256 (FIPS 180-4) in managed code. System.Security.Cryptography needs OpenSSL on
    /// Linux, which the busybox guests do not have, so the tool computes digests itself; the
    /// same constants drive the generated x86 code.
    /// </summary>
    internal sealed class Sha256
    {
        private readonly uint[] _h = (uint[])Sha256Constants.InitialHash.Clone();
        private readonly byte[] _block = new byte[64];
        private readonly uint[] _w = new uint[64];
        private int _fill;
        private ulong _length;

        public static byte[] Hash(byte[] data)
        {
            var s = new Sha256();
            s.Update(data, 0, data.Length);
            return s.Final();
        }

        public void Update(byte[] data, int offset, int count)
        {
            _length += (ulong)count;
            while (count > 0)
            {
                if (_fill == 0 && count >= 64)
                {
                    Compress(data, offset);
                    offset += 64;
                    count -= 64;
                    continue;
                }
                int n = Math.Min(64 - _fill, count);
                Buffer.BlockCopy(data, offset, _block, _fill, n);
                _fill += n;
                offset += n;
                count -= n;
                if (_fill == 64)
                {
                    Compress(_block, 0);
                    _fill = 0;
                }
            }
        }

        public void UpdateZeros(ulong count)
        {
            var zeros = new byte[64 * 1024];
            while (count > 0)
            {
                int n = (int)Math.Min(count, (ulong)zeros.Length);
                Update(zeros, 0, n);
                count -= (ulong)n;
            }
        }

        public byte[] Final()
        {
            ulong bits = _length * 8;
            _block[_fill++] = 0x80;
            if (_fill > 56)
            {
                Array.Clear(_block, _fill, 64 - _fill);
                Compress(_block, 0);
                _fill = 0;
            }
            Array.Clear(_block, _fill, 56 - _fill);
            BinaryPrimitives.WriteUInt64BigEndian(_block.AsSpan(56), bits);
            Compress(_block, 0);
            var digest = new byte[32];
            for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(4 * i), _h[i]);
            return digest;
        }

        private static uint Ror(uint x, int n) => (x >> n) | (x << (32 - n));

        private void Compress(byte[] data, int offset)
        {
            uint[] w = _w, k = Sha256Constants.RoundConstants;
            for (int t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 4 * t));
            for (int t = 16; t < 64; t++)
            {
                uint s0 = Ror(w[t - 15], 7) ^ Ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
                uint s1 = Ror(w[t - 2], 17) ^ Ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            uint a = _h[0], b = _h[1], c = _h[2], d = _h[3], e = _h[4], f = _h[5], g = _h[6], h = _h[7];
            for (int t = 0; t < 64; t++)
            {
                uint t1 = h + (Ror(e, 6) ^ Ror(e, 11) ^ Ror(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
                uint t2 = (Ror(a, 2) ^ Ror(a, 13) ^ Ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            _h[0] += a; _h[1] += b; _h[2] += c; _h[3] += d; _h[4] += e; _h[5] += f; _h[6] += g; _h[7] += h;
        }
    }
}
