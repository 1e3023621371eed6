using System;
using System.IO;
using TestSupport;

namespace Kexec.Tests.Support
{
    /// <summary>
    /// The real bench kernel that `bench prepare` built (TestSupport.PreparedKernel); these tests
    /// never build one themselves.
    /// </summary>
    internal static class BenchKernel
    {
        private static readonly Lazy<string> Folder = new Lazy<string>(Find);

        public static string BzImage => Path.Combine(Folder.Value, "bzImage");

        public static string Vmlinux => Path.Combine(Folder.Value, "vmlinux");

        private static string Find()
        {
            // A folder from an earlier build-kernel.sh run, to test against another kernel.
            string? given = Environment.GetEnvironmentVariable("KEXEC_TESTS_KERNEL_DIR");
            if (!string.IsNullOrEmpty(given))
            {
                if (!File.Exists(Path.Combine(given, "bzImage")))
                    throw new InvalidOperationException($"KEXEC_TESTS_KERNEL_DIR={given} holds no bzImage");
                return given;
            }
            return PreparedKernel.Get("x86_64").Folder;
        }
    }
}
