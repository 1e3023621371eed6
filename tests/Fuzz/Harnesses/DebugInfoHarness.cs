using MakeDumpFile.Debuginfo;

namespace Fuzz.Harnesses
{
    /// <summary>
    /// A vmlinux as makedumpfile -g and -x read it: ELF section headers, .symtab and the DWARF
    /// sections (units, abbreviations, entries, strings, the line table), then the VMCOREINFO
    /// -g writes. The seed is tests/MakeDumpFile.Tests/Debuginfo/kernel-like.c built with DWARF 5
    /// (scripts/fuzz-seeds.py): a whole Debian vmlinux is far too large for AFL.
    /// </summary>
    internal sealed class DebugInfoHarness : IHarness
    {
        public string Name => "debuginfo";

        public void Run(byte[] input, Scratch scratch)
        {
            string vmlinux = scratch.Fresh("vmlinux", input);
            ToolRuns.MakeDumpFileGuarded("-g VMCOREINFO -x VMLINUX", m =>
            {
                VmlinuxVmcoreInfo.Generate(vmlinux);
                return 0;
            });
        }
    }
}
