using Kexec;
using Kexec.Loaders.BzImage;
using Kexec.Loaders.Elf;

namespace Fuzz.Harnesses
{
    /// <summary>
    /// A kernel file as kexec loads it: bzimage (boot sector, setup header of
    /// Documentation/arch/x86/boot.rst, protected-mode payload) and vmlinux (ELF executable with
    /// PT_LOADs and the Linux notes). kexec -l and -p with --dry-run, against the captured /proc
    /// and /sys of the bench's 512 MiB guest with a crashkernel= reservation: everything up to
    /// the system call.
    /// </summary>
    internal sealed class KexecImageHarness : IHarness
    {
        /// <summary>
        /// kexec hashes every segment up to its memsz for the purgatory (SHA-256 of the zeros
        /// too, as kexec-tools does), so its time grows with the memory a header asks for
        /// (init_size, p_memsz) rather than with the file: 20 MiB took over 10 s instrumented on
        /// the shared build machine (an AFL "hang"). Beyond this only the header parsers run.
        /// </summary>
        private const ulong MaxMemoryBytes = 4UL << 20;

        private readonly string _fileName;

        public KexecImageHarness(string name, string fileName)
        {
            Name = name;
            _fileName = fileName;
        }

        public string Name { get; }

        public void Run(byte[] input, Scratch scratch)
        {
            if (MemoryAsked(input) > MaxMemoryBytes) return;
            string kernel = scratch.Fresh(_fileName, input);
            string system = HarnessEnvironment.KexecData("qemu-512M-crashkernel");
            ToolRuns.Kexec(system, "-l", kernel, "--append", "console=ttyS0", "--dry-run");
            ToolRuns.Kexec(system, "-p", kernel, "--append", "console=ttyS0", "--dry-run", "--json");
        }

        /// <summary>What the loaders' own header parsers say the kernel needs in memory (0 when they reject it).</summary>
        private static ulong MemoryAsked(byte[] input)
        {
            try
            {
                if (ElfImage.LooksLikeElf(input))
                {
                    ulong sum = 0;
                    foreach (var ph in ElfImage.Parse(input, "kernel").Loads) sum += ph.MemorySize;
                    return sum;
                }
                return SetupHeader.Probe(input) ? SetupHeader.Parse(input, "kernel").InitSize : 0;
            }
            catch (KexecException)
            {
                return 0;
            }
        }
    }
}
