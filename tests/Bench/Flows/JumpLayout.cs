using Bench.Qemu;

namespace Bench.Flows
{
    /// <summary>
    /// Where kernel B lives in the two-kernel flows, and the command that loads it. B's 96 MiB
    /// are kept free in A with memmap= (as the original design reserved a region for the
    /// second kernel), so none of A's own pages lie in B's range and /proc/vmcore in B shows
    /// all of A (native/README.md, "Layout", items 3-5).
    /// </summary>
    public static class JumpLayout
    {
        public const string MemMin = "0x1000000";
        public const string MemMax = "0x6ffffff";
        public const string ReserveInA = "memmap=96M$0x1000000";

        /// <summary>A's kexec command that loads B (packed by <see cref="SecondKernel"/>) as a jump-back image.</summary>
        public static string LoadB(string role) =>
            $"kexec --load-jump-back {SecondKernel.GuestKernelPath} --mem-min={MemMin} --mem-max={MemMax} " +
            $"--elf64-core-headers --initrd={SecondKernel.GuestInitrdPath} --append=\"console=ttyS0 panic=-1 loglevel=4 bench.role={role}\"";

        /// <summary>B's shell line that sets $entry from kexec_jump_back_entry= on its command line.</summary>
        public const string ReadEntry = "entry=$(sed -n 's/.*kexec_jump_back_entry=\\(0x[0-9a-fA-F]*\\).*/\\1/p' /proc/cmdline)";
    }
}
