using System;
using System.IO;
using TestSupport;

namespace Kexec.Tests.Support
{
    /// <summary>
    /// The real bench kernel: native/build-kernel.sh x86_64 builds it or returns the cached folder
    /// (it waits on a lock while another build runs).
    /// </summary>
    internal static class BenchKernel
    {
        private static readonly Lazy<string> Folder = new Lazy<string>(Build);

        public static string BzImage => Path.Combine(Folder.Value, "bzImage");

        public static string Vmlinux => Path.Combine(Folder.Value, "vmlinux");

        private static string Build()
        {
            // A folder from an earlier build-kernel.sh run, to skip waiting while the kernel patch churns.
            string? given = Environment.GetEnvironmentVariable("KEXEC_TESTS_KERNEL_DIR");
            if (!string.IsNullOrEmpty(given))
            {
                if (!File.Exists(Path.Combine(given, "bzImage")))
                    throw new InvalidOperationException($"KEXEC_TESTS_KERNEL_DIR={given} holds no bzImage");
                return given;
            }
            ProcessRunner.Result r = ProcessRunner.RunChecked("bash", new[] { Path.Combine(Repo.Root, "native", "build-kernel.sh"), "x86_64" }, TimeSpan.FromMinutes(60));
            string folder = r.StdOut.Trim().Split('\n')[^1].Trim();
            if (!File.Exists(Path.Combine(folder, "bzImage")))
                throw new InvalidOperationException($"build-kernel.sh printed '{folder}', which holds no bzImage");
            return folder;
        }
    }
}
