using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Kexec.Purgatory;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Purgatory
{
    /// <summary>
    /// The purgatory's SHA-256 is x86 code we generate; these tests run that code natively
    /// (verify_all is callable like a C function) against .NET's SHA256 on real data.
    /// </summary>
    public class Sha256InGeneratedCodeTests
    {
        private const int PurgatoryArea = 64 * 1024;

        /// <summary>Runs verify_all over the given buffers; returns its result and the state left in H.</summary>
        private static (int Result, byte[] LastHash) Verify(byte[][] data, byte[][] digests)
        {
            int total = PurgatoryArea + data.Sum(d => (d.Length + 4095) / 4096 * 4096 + 4096);
            using var mem = new ExecutableMemory(total);
            var request = new PurgatoryRequest { Mode = PurgatoryMode.Long64, KernelEntry = 0x1000200, BootParams = 0x2000000 };
            int offset = PurgatoryArea;
            for (int i = 0; i < data.Length; i++)
            {
                mem.Write(offset, data[i]);
                request.Regions.Add(new HashedRegion(mem.Base + (ulong)offset, (ulong)data[i].Length, digests[i]));
                offset += (data[i].Length + 4095) / 4096 * 4096 + 4096;
            }
            var blob = PurgatoryBuilder.Build(request, mem.Base);
            Assert.True(blob.MemorySize <= PurgatoryArea);
            mem.Write(0, blob.Bytes);
            int result = mem.Call(blob.VerifyAll);
            byte[] h = mem.Read(PurgatoryLayout.Hash, 32);
            var digest = new byte[32];
            for (int w = 0; w < 8; w++)
                BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(4 * w), BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(4 * w)));
            return (result, digest);
        }

        private static byte[] Sha(byte[] d)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(d);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(55)]
        [InlineData(56)]
        [InlineData(63)]
        [InlineData(64)]
        [InlineData(65)]
        [InlineData(119)]
        [InlineData(120)]
        [InlineData(4096)]
        [InlineData(100003)]
        public void GeneratedCodeMatchesDotNetOnEveryPaddingCase(int length)
        {
            // Real bytes: a slice of the bench kernel (compressed data, no patterns).
            byte[] kernel = File.ReadAllBytes(BenchKernel.BzImage);
            byte[] data = kernel.AsSpan(0x10000, length).ToArray();
            var (result, hash) = Verify(new[] { data }, new[] { Sha(data) });
            Assert.Equal(PurgatoryBuilderHex(Sha(data)), PurgatoryBuilderHex(hash));
            Assert.Equal(0, result);
        }

        [Fact]
        public void WholeBenchKernelAndInitramfsVerify()
        {
            byte[] kernel = File.ReadAllBytes(BenchKernel.BzImage);
            byte[] script = File.ReadAllBytes(Repo.Data("capture-init.sh"));
            var (result, _) = Verify(new[] { kernel, script }, new[] { Sha(kernel), Sha(script) });
            Assert.Equal(0, result);
        }

        [Fact]
        public void OneFlippedBitIsReportedWithItsRegion()
        {
            byte[] kernel = File.ReadAllBytes(BenchKernel.BzImage);
            byte[] a = kernel.AsSpan(0, 300000).ToArray();
            byte[] b = kernel.AsSpan(300000, 200000).ToArray();
            byte[] digestB = Sha(b);
            b[12345] ^= 0x10; // corrupted after hashing, as a bad copy would be
            var (result, _) = Verify(new[] { a, b }, new[] { Sha(a), digestB });
            Assert.Equal(2, result);
        }

        [Fact]
        public void ConstantsAreFips180_4()
        {
            // K[i]: first 32 fractional bits of the cube roots of the first 64 primes; H0: square roots of the first 8.
            int[] primes = Enumerable.Range(2, 400).Where(n => Enumerable.Range(2, n - 2).All(d => n % d != 0)).Take(64).ToArray();
            for (int i = 0; i < 64; i++)
                Assert.Equal((uint)(IntegerRoot(new BigInteger(primes[i]) << 96, 3) & uint.MaxValue), Sha256Constants.RoundConstants[i]);
            for (int i = 0; i < 8; i++)
                Assert.Equal((uint)(IntegerRoot(new BigInteger(primes[i]) << 64, 2) & uint.MaxValue), Sha256Constants.InitialHash[i]);

            var blob = PurgatoryBuilder.Build(new PurgatoryRequest { Mode = PurgatoryMode.Long64 }, 0x10000);
            for (int i = 0; i < 64; i++)
                Assert.Equal(Sha256Constants.RoundConstants[i], BinaryPrimitives.ReadUInt32LittleEndian(blob.Bytes.AsSpan(PurgatoryLayout.RoundConstants + 4 * i)));
        }

        private static BigInteger IntegerRoot(BigInteger n, int k)
        {
            BigInteger x = BigInteger.One << (int)((n.GetBitLength() + k - 1) / k);
            while (true)
            {
                BigInteger y = ((k - 1) * x + n / BigInteger.Pow(x, k - 1)) / k;
                if (y >= x) return x;
                x = y;
            }
        }

        [Fact]
        public void JumpBackEntryIsWrittenAtTheCommandLinesEnd()
        {
            using var mem = new ExecutableMemory(PurgatoryArea + 4096);
            byte[] cmdline = Encoding.ASCII.GetBytes("console=ttyS0 elfcorehdr=1024K\0");
            int cmdOffset = PurgatoryArea;
            mem.Write(cmdOffset, cmdline);
            var request = new PurgatoryRequest { Mode = PurgatoryMode.Long64, CommandLineEnd = mem.Base + (ulong)cmdOffset + (ulong)cmdline.Length - 1 };
            var blob = PurgatoryBuilder.Build(request, mem.Base);
            mem.Write(0, blob.Bytes);
            var entry = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(entry, 0x80000f2UL);
            mem.Write(PurgatoryLayout.JumpBackEntry, entry);
            mem.Call(blob.WriteJumpBackEntry);
            byte[] after = mem.Read(cmdOffset, 200);
            string text = Encoding.ASCII.GetString(after, 0, Array.IndexOf(after, (byte)0));
            Assert.Equal("console=ttyS0 elfcorehdr=1024K kexec_jump_back_entry=0x00000000080000f2", text);
        }

        private static string PurgatoryBuilderHex(byte[] b) => string.Concat(b.Select(x => x.ToString("x2")));
    }
}
