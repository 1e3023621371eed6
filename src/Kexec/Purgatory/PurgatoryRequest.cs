using System.Collections.Generic;

namespace Kexec.Purgatory
{
    /// <summary>How the purgatory hands over to the next kernel.</summary>
    internal enum PurgatoryMode
    {
        /// <summary>Entered in long mode (x86_64 relocate_kernel), enters a 64-bit kernel entry (boot.rst 64-bit protocol).</summary>
        Long64,

        /// <summary>Entered in long mode, leaves it and enters a 32-bit entry with paging off (boot.rst 32-bit protocol).</summary>
        Long64To32,

        /// <summary>Entered in 32-bit protected mode with paging off (i386 relocate_kernel), enters a 32-bit entry.</summary>
        Protected32,
    }

    /// <summary>One region the purgatory hashes before it jumps: [Start, Start+Length) must give Digest.</summary>
    internal readonly struct HashedRegion
    {
        public HashedRegion(ulong start, ulong length, byte[] digest)
        {
            Start = start;
            Length = length;
            Digest = digest;
        }

        public ulong Start { get; }
        public ulong Length { get; }
        public byte[] Digest { get; }
    }

    internal sealed class PurgatoryRequest
    {
        public PurgatoryMode Mode { get; set; }

        /// <summary>Where the next kernel starts (startup_64, or the 32-bit code32_start entry).</summary>
        public ulong KernelEntry { get; set; }

        /// <summary>Physical address of struct boot_params, passed in rSI.</summary>
        public ulong BootParams { get; set; }

        public List<HashedRegion> Regions { get; } = new List<HashedRegion>();

        /// <summary>
        /// A preserve-context (kexec jump) image: the purgatory records the word on top of the
        /// stack, the old kernel's resume point. Both kjump conventions of x86 relocate_kernel put
        /// it there: the call pushes it at 0(%rsp) (before 6.14 with nothing above it; from 6.14
        /// on, commit 2cacf7f23a02, with the callee's own entry above it at 8(%rsp), where the
        /// old kernel takes the next entry from after a plain ret). A plain or crash image never
        /// reads the stack: between 6.14 and commit 786a45757dcd ("x86/kexec: Push kjump return
        /// address even for non-kjump kexec", 2026) the word above a plain kexec's stack is the
        /// first word of the page after the control page, which may not be mapped.
        /// </summary>
        public bool PreserveContext { get; set; }

        /// <summary>
        /// For a jump-back image: physical address of the command line's terminating NUL, where
        /// " kexec_jump_back_entry=0x..." is written at run time. Zero when not wanted.
        /// </summary>
        public ulong CommandLineEnd { get; set; }
    }
}
