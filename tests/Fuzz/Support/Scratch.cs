using System;
using System.IO;

namespace Fuzz
{
    /// <summary>
    /// A private folder for the files a harness run needs (the tools read images from paths), in
    /// /dev/shm when it exists so that millions of runs do not wear a disk. Emptied before every run.
    /// </summary>
    internal sealed class Scratch : IDisposable
    {
        public Scratch()
        {
            // scripts/fuzz.sh names a folder of its own, which it removes afterwards: afl-fuzz
            // kills its targets, so their Dispose does not always run.
            string? given = Environment.GetEnvironmentVariable("KEXEC_JUMP_FUZZ_SCRATCH");
            string baseDir = !string.IsNullOrEmpty(given) ? given : Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
            Root = System.IO.Path.Combine(baseDir, $"kexec-jump-fuzz-{Environment.ProcessId}");
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public string Path(string name) => System.IO.Path.Combine(Root, name);

        /// <summary>Removes what the previous run left and writes this run's input under NAME.</summary>
        public string Fresh(string name, byte[] content)
        {
            foreach (string f in Directory.GetFileSystemEntries(Root))
            {
                if (Directory.Exists(f)) Directory.Delete(f, recursive: true);
                else File.Delete(f);
            }
            string path = Path(name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { }
        }
    }
}
