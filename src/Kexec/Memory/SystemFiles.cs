using System;
using System.IO;

namespace Kexec.Memory
{
    /// <summary>
    /// Where the tool reads the running system: /proc, /sys and /sys/firmware under one root
    /// directory, so unit tests can hand it files captured from a guest.
    /// </summary>
    internal sealed class SystemFiles
    {
        public SystemFiles(string root = "/")
        {
            Root = root;
        }

        public string Root { get; }

        public string PathOf(string absolute) =>
            Root == "/" ? absolute : Path.Combine(Root, absolute.TrimStart('/'));

        public bool Exists(string absolute) => File.Exists(PathOf(absolute));

        public bool DirectoryExists(string absolute) => Directory.Exists(PathOf(absolute));

        public string? ReadText(string absolute)
        {
            string p = PathOf(absolute);
            if (!File.Exists(p)) return null;
            try
            {
                return File.ReadAllText(p);
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>Reads the first bytes of a file that may be huge or endless (/proc/kcore).</summary>
        public byte[]? ReadPrefix(string absolute, int maxBytes)
        {
            string p = PathOf(absolute);
            if (!File.Exists(p)) return null;
            try
            {
                using var fs = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
                var buf = new byte[maxBytes];
                int total = 0;
                while (total < maxBytes)
                {
                    int n = fs.Read(buf, total, maxBytes - total);
                    if (n <= 0) break;
                    total += n;
                }
                Array.Resize(ref buf, total);
                return buf;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        public string[] ListDirectories(string absolute)
        {
            string p = PathOf(absolute);
            return Directory.Exists(p) ? Directory.GetDirectories(p) : new string[0];
        }
    }
}
