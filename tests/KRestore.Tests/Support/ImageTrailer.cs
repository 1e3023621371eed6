using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Output;
using MakeDumpFile.Writers;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// The digest trailer of test images: taken off (an image of another writer, or one whose end
    /// was lost) or added to an image built by the tests (as our makedumpfile would add it).
    /// </summary>
    internal static class ImageTrailer
    {
        /// <summary>Cuts the trailer off; returns the length left.</summary>
        public static long Strip(string path)
        {
            long covered;
            using (var f = new PositionalFile(path))
                covered = DigestTrailer.Read(f)?.CoveredLength ?? f.Length;
            using var s = new FileStream(path, FileMode.Open, FileAccess.Write);
            s.SetLength(covered);
            return covered;
        }

        /// <summary>Rewrites the file through the sink our makedumpfile writes with, which appends the trailer.</summary>
        public static void Append(string path)
        {
            var sink = new DigestingSink(new FileDumpSink(path));
            try
            {
                using (var input = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    var buffer = new byte[1 << 20];
                    long at = 0;
                    int n;
                    while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        sink.Write(at, buffer.AsSpan(0, n));
                        at += n;
                    }
                }
                sink.Commit();
            }
            finally
            {
                sink.Dispose();
            }
        }
    }
}
