using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Kexec.Purgatory;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Purgatory
{
    /// <summary>The tool's own SHA-256 (used because guests have no OpenSSL) against .NET's.</summary>
    public class ManagedSha256Tests
    {
        [Fact]
        public void MatchesDotNetOnTheBenchKernelAndEveryPaddingLength()
        {
            byte[] kernel = File.ReadAllBytes(BenchKernel.BzImage);
            using var reference = SHA256.Create();
            foreach (int n in new[] { 0, 1, 55, 56, 57, 63, 64, 65, 127, 128, 1000, kernel.Length })
            {
                byte[] d = kernel.Take(n).ToArray();
                Assert.Equal(reference.ComputeHash(d), Sha256.Hash(d));
            }
            var zeros = new Sha256();
            zeros.Update(kernel, 0, 100);
            zeros.UpdateZeros(70000);
            Assert.Equal(reference.ComputeHash(kernel.Take(100).Concat(new byte[70000]).ToArray()), zeros.Final());
        }
    }
}
