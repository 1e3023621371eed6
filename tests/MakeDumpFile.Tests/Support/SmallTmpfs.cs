using System;
using System.IO;
using TestSupport;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// A tmpfs of a few MiB mounted in a scratch folder: an output bigger than it fills the
    /// disk, so the write fails with ENOSPC as on a real full disk. Needs root.
    /// </summary>
    internal sealed class SmallTmpfs : IDisposable
    {
        public SmallTmpfs(Scratch scratch, int mebibytes = 6)
        {
            if (Environment.UserName != "root") Assert.Fail("mounting the small tmpfs needs root");
            Dir = scratch.File("full");
            Directory.CreateDirectory(Dir);
            Run("mount", "-t", "tmpfs", "-o", $"size={mebibytes}m", "tmpfs", Dir);
        }

        public string Dir { get; }
        public string File(string name) => Path.Combine(Dir, name);

        public void Dispose() => Run("umount", Dir);

        private static void Run(string exe, params string[] args) => ProcessRunner.RunChecked(exe, args, TimeSpan.FromMinutes(1));
    }
}
