using System.Collections.Generic;
using TestSupport;

namespace MakeDumpFile.Tests.I386
{
    /// <summary>
    /// The bench's vmcores of our 6.12 i386 kernels (qemu-system-i386 guests: "i386" with 2-level
    /// page tables in 512 MiB, "i386-pae" with PAE page tables in 1280 MiB, so part of it is
    /// highmem). Made once by the bench and cached; a fixture that cannot be made fails the test.
    /// </summary>
    internal static class I386Vmcores
    {
        private static readonly Dictionary<string, VmcoreFixture> Made = new Dictionary<string, VmcoreFixture>();

        public static VmcoreFixture Get(string flavour)
        {
            lock (Made)
            {
                if (!Made.TryGetValue(flavour, out VmcoreFixture? f))
                {
                    f = PreparedFixtures.I386(flavour);
                    Made[flavour] = f;
                }
                return f;
            }
        }
    }
}
