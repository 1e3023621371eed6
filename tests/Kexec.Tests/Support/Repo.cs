using System;
using System.IO;

namespace Kexec.Tests.Support
{
    /// <summary>Paths in the repository checkout the tests run from.</summary>
    internal static class Repo
    {
        public static string Root { get; } = FindRoot();

        public static string Data(string name) => Path.Combine(Root, "tests", "Kexec.Tests", "Data", name);

        private static string FindRoot()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir, "Tools.sln")) && File.Exists(Path.Combine(dir, "native", "build-kernel.sh")))
                    return dir;
                dir = Path.GetDirectoryName(dir);
            }
            throw new InvalidOperationException("repository root (Tools.sln, native/build-kernel.sh) not found above " + AppContext.BaseDirectory);
        }
    }
}
