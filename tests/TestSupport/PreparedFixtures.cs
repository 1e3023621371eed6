using System;
using System.IO;

namespace TestSupport
{
    /// <summary>
    /// The real vmcores `bench prepare` made (tests/Bench/Fixtures/FixtureMaker), found by the
    /// names it links in the cache's fixtures/ folder. A missing one is an error naming the
    /// command that makes it: the tests that read them are about real kernels and never run
    /// on made-up data. The links follow the last prepare, which ./test.sh runs first.
    /// </summary>
    public static class PreparedFixtures
    {
        /// <summary>Our patched 6.12 x86_64 kernel.</summary>
        public static VmcoreFixture Ours => Get("vmcore-6.12-x86_64");

        /// <summary>Debian 12's distribution kernel (6.1): the differential tests against makedumpfile 1.7.2 run on it.</summary>
        public static VmcoreFixture Debian => Get("vmcore-6.1-debian");

        /// <summary>Our patched 6.12 i386 kernel: "i386" (2-level page tables) or "i386-pae" (3-level, with highmem).</summary>
        public static VmcoreFixture I386(string flavour)
        {
            if (flavour != "i386" && flavour != "i386-pae") throw new ArgumentException($"unknown i386 flavour '{flavour}' (i386, i386-pae)");
            return Get("vmcore-6.12-" + flavour);
        }

        /// <summary>The fixture linked as <paramref name="name"/> in the cache's fixtures/ folder.</summary>
        public static VmcoreFixture Get(string name)
        {
            string link = Path.Combine(BenchPaths.CacheRoot, "fixtures", name);
            var fixture = new VmcoreFixture(link);
            if (!File.Exists(fixture.Elf) || !File.Exists(fixture.KdumpZlib))
                throw new InvalidOperationException(
                    $"fixture {name} is missing at {link}: run `dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare` (./test.sh does) first");
            return fixture;
        }
    }
}
