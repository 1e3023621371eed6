using TestSupport;

namespace Common.Elf.Tests
{
    /// <summary>The bench's real vmcores, made by `bench prepare` and cached (TestSupport.PreparedFixtures).</summary>
    internal static class RealVmcores
    {
        private static VmcoreFixture? _ours, _debian;
        private static readonly object Gate = new();

        public static VmcoreFixture Ours { get { lock (Gate) return _ours ??= PreparedFixtures.Ours; } }
        public static VmcoreFixture Debian { get { lock (Gate) return _debian ??= PreparedFixtures.Debian; } }

        public static VmcoreFixture Get(string which) => which == "debian-6.1" ? Debian : Ours;
    }
}
