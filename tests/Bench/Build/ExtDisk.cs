using System;
using System.IO;
using TestSupport;

namespace Bench.Build
{
    /// <summary>
    /// An empty ext4 disk image for a guest's virtio disk, and reading files back from it on
    /// the host with debugfs (no mount, no root needed beyond file access). Guests must
    /// unmount before the VM stops, since debugfs does not replay the journal.
    /// </summary>
    public static class ExtDisk
    {
        public static string Create(string path, int sizeMiB)
        {
            if (File.Exists(path)) File.Delete(path);
            ProcessRunner.RunChecked("mkfs.ext4", new[] { "-q", "-F", "-L", "bench", path, sizeMiB + "M" }, TimeSpan.FromMinutes(2));
            return path;
        }

        /// <summary>Copies /<paramref name="name"/> out of the image; throws when it is not there.</summary>
        public static string Extract(string image, string name, string destination)
        {
            if (File.Exists(destination)) File.Delete(destination);
            ProcessRunner.RunChecked("debugfs", new[] { "-R", $"dump /{name} {destination}", image }, TimeSpan.FromMinutes(2));
            if (!File.Exists(destination) || new FileInfo(destination).Length == 0)
                throw new BenchException($"{name} is not on the disk image {image} (or is empty)");
            return destination;
        }
    }
}
