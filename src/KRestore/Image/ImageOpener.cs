using System;
using System.IO;
using System.Text.RegularExpressions;
using Common.DumpFormats;
using Common.DumpFormats.Flattened;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Output;

namespace KRestore.Image
{
    /// <summary>
    /// Opens the image: a kdump-compressed or ELF file directly (DumpInput), a flattened file or
    /// stream (-R) by rebuilding it first into a temporary file, which is removed afterwards.
    /// The file is checked against its digest trailer before its headers are even parsed.
    /// </summary>
    internal static class ImageOpener
    {
        public static RestoreImage Open(string? path, bool fromStdin, string? tempDir, Func<Stream> stdin, Action<string> notice)
        {
            if (fromStdin)
            {
                using Stream input = stdin();
                return Rebuild(input, "standard input", tempDir, notice);
            }
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (!File.Exists(path)) throw new FileNotFoundException($"image {path} does not exist");
            if (DumpInput.IsFlattened(path))
            {
                using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
                return Rebuild(input, path, tempDir, notice);
            }
            DigestCheck digests = ImageDigests.Verify(path, path);
            return new RestoreImage(DumpInput.Open(path), path, flattened: false, temporaryFile: null, digests);
        }

        // krestore-PID-BOOT-XXXXXXXX.dump and, while it is rebuilt, its FileDumpSink temporary name.
        private static readonly Regex OurTemporaryFiles = new Regex("^\\.?krestore-" + PartialFiles.WriterTagPattern + "-[0-9a-f]{8}\\.dump(\\.partial-[0-9]+-[0-9a-f]{8}-[0-9a-f]{8})?$");

        private static RestoreImage Rebuild(Stream input, string name, string? tempDir, Action<string> notice)
        {
            string dir = tempDir ?? Path.GetTempPath();
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"temporary folder {dir} does not exist");
            foreach (string stale in PartialFiles.RemoveStale(dir, OurTemporaryFiles))
                notice($"removed {stale}, left by an interrupted run");
            string file = Path.Combine(dir, $"krestore-{PartialFiles.WriterTag}-{Guid.NewGuid().ToString("N").Substring(0, 8)}.dump");
            // Removed by a signal from now until RestoreImage.Dispose (the sink tracks its own temporary name).
            PartialFiles.Track(file);
            var sink = new FileDumpSink(file);
            try
            {
                FlattenedReader.Rebuild(input, sink);
                sink.Commit();
            }
            catch (DiskFullException e)
            {
                sink.Abandon();
                PartialFiles.Release(file);
                throw new IOException($"rebuilding the flattened image in {dir}: {e.Message}");
            }
            catch
            {
                sink.Abandon();
                PartialFiles.Release(file);
                throw;
            }
            try
            {
                DigestCheck digests = ImageDigests.Verify(file, name);
                return new RestoreImage(DumpInput.Open(file), name, flattened: true, temporaryFile: file, digests);
            }
            catch
            {
                File.Delete(file);
                PartialFiles.Release(file);
                throw;
            }
        }
    }
}
