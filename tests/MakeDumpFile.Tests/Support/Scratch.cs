using System;
using System.IO;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>A folder for one test's output files, removed afterwards.</summary>
    public sealed class Scratch : IDisposable
    {
        public Scratch()
        {
            Dir = Path.Combine(Path.GetTempPath(), "mdf-test-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(Dir);
        }

        public string Dir { get; }
        public string File(string name) => Path.Combine(Dir, name);

        public void Dispose()
        {
            try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
