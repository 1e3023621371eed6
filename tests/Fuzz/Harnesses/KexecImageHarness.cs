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
        private readonly string _fileName;

        public KexecImageHarness(string name, string fileName)
        {
            Name = name;
            _fileName = fileName;
        }

        public string Name { get; }

        public void Run(byte[] input, Scratch scratch)
        {
            string kernel = scratch.Fresh(_fileName, input);
            string system = HarnessEnvironment.KexecData("qemu-512M-crashkernel");
            ToolRuns.Kexec(system, "-l", kernel, "--append", "console=ttyS0", "--dry-run");
            ToolRuns.Kexec(system, "-p", kernel, "--append", "console=ttyS0", "--dry-run", "--json");
        }
    }
}
