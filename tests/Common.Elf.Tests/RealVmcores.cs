using Bench.Fixtures;

namespace Common.Elf.Tests
{
    /// <summary>The bench's real vmcores, made once per kernel change and cached (see Bench.Fixtures).</summary>
    internal static class RealVmcores
    {
        private static VmcoreFixture? _ours, _debian;
        private static readonly object Gate = new();

        public static VmcoreFixture Ours { get { lock (Gate) return _ours ??= FixtureMaker.Ours(); } }
        public static VmcoreFixture Debian { get { lock (Gate) return _debian ??= FixtureMaker.Debian(); } }

        public static VmcoreFixture Get(string which) => which == "debian-6.1" ? Debian : Ours;
    }
}
