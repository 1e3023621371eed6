using System.Collections.Generic;
using Fuzz.Harnesses;

namespace Fuzz
{
    /// <summary>Every harness by name (scripts/fuzz.sh runs each with its own seeds).</summary>
    internal static class HarnessTable
    {
        public static readonly IReadOnlyList<IHarness> All = new IHarness[]
        {
            new ImageHarness("elf-core", "core.elf"),
            new ImageHarness("kdump", "dump.kdump"),
            new ImageHarness("flattened", "dump.flat"),
            new DigestsHarness(),
            new VmcoreInfoHarness(),
            new KexecJumpHarness(),
            new KexecImageHarness("bzimage", "bzImage"),
            new KexecImageHarness("vmlinux", "vmlinux"),
            new NumbersHarness(),
            new DebugInfoHarness(),
        };
    }
}
