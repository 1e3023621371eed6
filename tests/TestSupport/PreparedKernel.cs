using System;
using System.IO;

namespace TestSupport
{
    /// <summary>
    /// A bench kernel `bench prepare` built (native/build-kernel.sh), found by the link
    /// kernel/prepared-FLAVOUR in the cache that the bench's kernel build points at the folder of
    /// the current key. Unit tests read it and never build a kernel themselves; a missing one is
    /// an error naming the command that makes it.
    /// </summary>
    public sealed class PreparedKernel
    {
        private PreparedKernel(string folder)
        {
            Folder = folder;
        }

        public string Folder { get; }

        public string BzImage => Path.Combine(Folder, "bzImage");

        public string Vmlinux => Path.Combine(Folder, "vmlinux");

        /// <summary>The link the bench points for <paramref name="flavour"/> (x86_64, i386, i386-pae, x86_64-7.3).</summary>
        public static string LinkPath(string flavour) => Path.Combine(BenchPaths.CacheRoot, "kernel", "prepared-" + flavour);

        public static PreparedKernel Get(string flavour = "x86_64")
        {
            var kernel = new PreparedKernel(LinkPath(flavour));
            if (!File.Exists(kernel.BzImage))
                throw new InvalidOperationException(
                    $"kernel {flavour} is not prepared at {kernel.Folder}: run `dotnet tests/Bench/bin/Debug/net10.0/bench.dll prepare` (./test.sh does) first");
            return kernel;
        }
    }
}
