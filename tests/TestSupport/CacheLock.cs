using System;
using System.IO;
using System.Threading;

namespace TestSupport
{
    /// <summary>
    /// An exclusive lock on a file in the cache, so that test projects running in parallel
    /// (dotnet test runs them side by side) do not build the same artifact twice at once.
    /// </summary>
    public sealed class CacheLock : IDisposable
    {
        private readonly FileStream _stream;

        private CacheLock(FileStream stream) { _stream = stream; }

        public static CacheLock Acquire(string name, TimeSpan timeout)
        {
            string path = Path.Combine(BenchPaths.CacheDir("locks"), name + ".lock");
            DateTime deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    return new CacheLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(500);
                }
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
