using System;
using System.IO;
using TestSupport;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// A scratch folder under the bench cache's work folder (targets are sparse files of a few
    /// GiB address space), with a fake system root whose proc/iomem says which RAM the "running
    /// kernel" owns. Deleted on dispose.
    /// </summary>
    internal sealed class Workspace : IDisposable
    {
        /// <summary>System RAM far above the fixture's 512 MiB guest: nothing of the image is the running kernel's.</summary>
        public const string RunningRamAbove4G = "100000000-17fffffff";

        public Workspace(string label, string runningRam = RunningRamAbove4G)
        {
            Folder = BenchPaths.NewWorkDir("krestore-" + label);
            SystemRoot = Path.Combine(Folder, "root");
            SetRunningRam(runningRam);
        }

        public string Folder { get; }
        public string SystemRoot { get; }

        public string PathOf(string name) => Path.Combine(Folder, name);

        /// <summary>Writes proc/iomem with "System RAM" for each START-END (hex, END inclusive) and a few other resources.</summary>
        public void SetRunningRam(string ranges)
        {
            Directory.CreateDirectory(Path.Combine(SystemRoot, "proc"));
            using var w = new StreamWriter(Path.Combine(SystemRoot, "proc", "iomem"));
            w.WriteLine("00000000-00000fff : Reserved");
            foreach (string r in ranges.Split(','))
            {
                w.WriteLine($"{r} : System RAM");
                string start = r.Split('-')[0];
                w.WriteLine($"  {start}-{start} : Kernel code");
            }
            w.WriteLine("fec00000-fec003ff : IOAPIC 0");
        }

        /// <summary>A sparse target file of the given size.</summary>
        public string NewTarget(string name = "target", long size = 1L << 32)
        {
            string path = PathOf(name);
            using (var f = new FileStream(path, FileMode.Create, FileAccess.Write)) f.SetLength(size);
            return path;
        }

        public void Dispose()
        {
            try { Directory.Delete(Folder, true); }
            catch (IOException) { }
        }
    }
}
