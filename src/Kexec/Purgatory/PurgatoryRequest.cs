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
        /// For a jump-back image: physical address of the command line's terminating NUL, where
        /// " kexec_jump_back_entry=0x..." is written at run time. Zero when not wanted.
        /// </summary>
        public ulong CommandLineEnd { get; set; }
    }
}
