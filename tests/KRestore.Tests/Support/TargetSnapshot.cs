using System;
using System.IO;
using System.Security.Cryptography;
using TestSupport;
using Xunit;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// Proof that nothing was written to a target file: its modification time (any pwrite
    /// changes it), its allocated blocks (writing into a hole allocates), its size, and the
    /// hash of its data (random bytes where the image has data, so a write there would show).
    /// </summary>
    internal sealed class TargetSnapshot
    {
        private readonly string _path;
        private readonly DateTime _mtime;
        private readonly long _length;
        private readonly string _blocks;
        private readonly byte[] _hash;

        private TargetSnapshot(string path)
        {
            _path = path;
            _mtime = File.GetLastWriteTimeUtc(path);
            _length = new FileInfo(path).Length;
            _blocks = AllocatedBlocks(path);
            _hash = HashOfData(path);
        }

        /// <summary>A sparse 4 GiB target with 1 MiB of random bytes at 16 MiB (inside the fixture's RAM).</summary>
        public static string MakeTarget(Workspace w, string name = "target")
        {
            string path = w.NewTarget(name);
            var random = new byte[1 << 20];
            new Random(5).NextBytes(random);
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                f.Position = 16 << 20;
                f.Write(random);
            }
            // Let the modification time settle before it is compared.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
            return path;
        }

        public static TargetSnapshot Take(string path) => new TargetSnapshot(path);

        public void AssertUnchanged()
        {
            Assert.Equal(_mtime, File.GetLastWriteTimeUtc(_path));
            Assert.Equal(_length, new FileInfo(_path).Length);
            Assert.Equal(_blocks, AllocatedBlocks(_path));
            Assert.Equal(_hash, HashOfData(_path));
        }

        private static string AllocatedBlocks(string path)
        {
            return ProcessRunner.RunChecked("stat", new[] { "-c", "%b", path }, TimeSpan.FromMinutes(1)).StdOut.Trim();
        }

        // The first 32 MiB hold all the data the test wrote; the rest is a hole whose block count is watched.
        private static byte[] HashOfData(string path)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read);
            var buf = new byte[32 << 20];
            int n = f.Read(buf, 0, buf.Length);
            return SHA256.HashData(buf.AsSpan(0, n));
        }
    }
}
