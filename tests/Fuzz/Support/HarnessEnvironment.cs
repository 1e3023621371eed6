using System;
using System.IO;

namespace Fuzz
{
    /// <summary>What some harnesses need besides their input, named by scripts/fuzz.sh in the environment.</summary>
    internal static class HarnessEnvironment
    {
        /// <summary>The repository checkout (tests/Kexec.Tests/Data holds captured /proc and /sys trees).</summary>
        public static string Repo => Require("KEXEC_JUMP_FUZZ_REPO", Directory.Exists);

        /// <summary>A real ELF vmcore of the bench's kernel: the memory the vmcoreinfo harness reads its text against.</summary>
        public static string Vmcore => Require("KEXEC_JUMP_FUZZ_VMCORE", File.Exists);

        public static string KexecData(string name) => Path.Combine(Repo, "tests", "Kexec.Tests", "Data", name);

        private static string Require(string name, Func<string, bool> exists)
        {
            string? v = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(v) || !exists(v))
                throw new InvalidOperationException($"{name} must name an existing path (scripts/fuzz.sh sets it); it is '{v}'");
            return v;
        }
    }
}
