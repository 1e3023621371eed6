using System;
using System.Diagnostics;
using System.IO;

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
            var psi = new ProcessStartInfo("bash", Path.Combine(Repo.Root, "native", "build-kernel.sh") + " x86_64")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"native/build-kernel.sh failed ({p.ExitCode}): {stderr.Result}");
            string folder = stdout.Trim().Split('\n')[^1].Trim();
            if (!File.Exists(Path.Combine(folder, "bzImage")))
                throw new InvalidOperationException($"build-kernel.sh printed '{folder}', which holds no bzImage");
            return folder;
        }
    }
}
