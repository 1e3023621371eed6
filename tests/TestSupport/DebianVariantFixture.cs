using System;
using System.IO;

namespace TestSupport
{
    /// <summary>
    /// A vmcore of Debian's 6.1 kernel in a set-up the bench's main fixtures lack, which
    /// `bench prepare` makes with tests/Bench/Fixtures/make-debian-fixture.sh (QEMU's default
    /// devices, so the VGA framebuffer is a PT_LOAD too): a CPU with LA57 (5-level page tables)
    /// and a pool of hugetlb pages. Tests read the prepared file; a missing one is an error
    /// naming the command that makes it.
    /// </summary>
    public sealed class DebianVariantFixture
    {
        /// <summary>The kernel (built with CONFIG_X86_5LEVEL) on a CPU with LA57.</summary>
        public static readonly DebianVariantFixture FiveLevel = new DebianVariantFixture("debian61-la57", "qemu64,+la57", "");

        /// <summary>hugepages=8: a hugetlb pool for -d 8 and the hugetlb page flags.</summary>
        public static readonly DebianVariantFixture Hugetlb = new DebianVariantFixture("debian61-hugetlb", "qemu64", "hugepages=8");

        public static readonly DebianVariantFixture[] All = { FiveLevel, Hugetlb };

        private DebianVariantFixture(string name, string cpu, string append)
        {
            Name = name;
            Cpu = cpu;
            Append = append;
        }

        public string Name { get; }

        /// <summary>QEMU's -cpu.</summary>
        public string Cpu { get; }

        /// <summary>Kernel parameters beyond the script's own.</summary>
        public string Append { get; }

        public static string Folder => Path.Combine(BenchPaths.CacheRoot, "fixtures-makedumpfile");

        /// <summary>The ELF vmcore QEMU's dump-guest-memory wrote.</summary>
        public string Elf => Path.Combine(Folder, Name + ".elf");

        /// <summary>The prepared ELF vmcore, or an error saying how to make it.</summary>
        public string PreparedElf()
        {
            if (!File.Exists(Elf))
                throw new InvalidOperationException(
                    $"fixture {Name} is missing at {Elf}: run `dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare` (./test.sh does) first");
            return Elf;
        }
    }
}
