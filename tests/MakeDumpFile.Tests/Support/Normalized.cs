using System;
using System.IO;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// makedumpfile 1.7.2 cannot read QEMU 7.2's ELF layout (program headers after the section
    /// headers), so the differential tests feed it the same memory rewritten by our own -E -d 0,
    /// which puts them right after the ELF header. Made once per fixture (in the temp folder);
    /// NormalisedCopyHoldsEveryPageOfQemusLayout checks the copy page by page.
    /// </summary>
    internal static class Normalized
    {
        private static readonly object Gate = new object();

        public static string Of(string qemuElf)
        {
            var fi = new FileInfo(qemuElf);
            string key = $"{fi.FullName}-{fi.Length}-{fi.LastWriteTimeUtc.Ticks}";
            // A stable name (string.GetHashCode differs from run to run).
            byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
            string name = "mdf-normalized-" + Convert.ToHexString(hash, 0, 6).ToLowerInvariant() + ".elf";
            string path = Path.Combine(Path.GetTempPath(), name);
            lock (Gate)
            {
                if (File.Exists(path)) return path;
                string tmp = path + ".making";
                if (File.Exists(tmp)) File.Delete(tmp);
                Tools.MustSucceed(Tools.Ours($"-E -d 0 --message-level 4 \"{qemuElf}\" \"{tmp}\""), "normalising the fixture with our -E -d 0");
                File.Move(tmp, path);
                return path;
            }
        }
    }
}
