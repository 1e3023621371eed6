using System;
using System.IO;
using TestSupport;

namespace MakeDumpFile.Tests.Debuginfo
{
    /// <summary>
    /// Debuginfo/kernel-like.c compiled by gcc with one DWARF version and word size (a linked
    /// ET_EXEC, as a vmlinux is), and the VMCOREINFO lines it prints from its own compiler's
    /// sizeof and offsetof.
    /// </summary>
    internal sealed class KernelLikeProgram
    {
        private KernelLikeProgram(string binary, string expected)
        {
            Binary = binary;
            Expected = expected;
        }

        public string Binary { get; }
        public string Expected { get; }

        public static KernelLikeProgram Build(string dir, int dwarfVersion, int bits)
        {
            string source = Path.Combine(AppContext.BaseDirectory, "Debuginfo", "kernel-like.c");
            string binary = Path.Combine(dir, $"kernel-like-dwarf{dwarfVersion}-m{bits}");
            ProcessRunner.RunChecked("gcc", new[] { $"-m{bits}", $"-gdwarf-{dwarfVersion}", "-O0", "-fno-pie", "-no-pie", "-o", binary, source },
                TimeSpan.FromMinutes(2), workDir: dir);
            string expected = ProcessRunner.RunChecked(binary, Array.Empty<string>(), TimeSpan.FromMinutes(1)).StdOut;
            return new KernelLikeProgram(binary, expected);
        }
    }
}
