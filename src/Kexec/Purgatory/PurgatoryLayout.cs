namespace Kexec.Purgatory
{
    /// <summary>
    /// Offsets in the purgatory's data block ("ctx"), which sits at the start of the purgatory
    /// segment; the code follows it. The generated code addresses everything relative to one
    /// base register pointing here, so the same routines work in 32- and 64-bit mode.
    /// </summary>
    internal static class PurgatoryLayout
    {
        public const int Hash = 0;            // 8 dwords: SHA-256 chaining state H0..H7
        public const int Vars = 32;           // 8 dwords: working variables a..h
        public const int Schedule = 64;       // 64 dwords: message schedule W
        public const int Block = 320;         // 64 bytes: padded last block
        public const int RoundConstants = 384; // 64 dwords: K (FIPS 180-4, 4.2.2)
        public const int InitialHash = 640;   // 8 dwords: H(0) (FIPS 180-4, 5.3.3)
        public const int Length = 672;        // qword: bytes in the region being hashed
        public const int Remaining = 680;     // qword: bytes not yet compressed
        public const int Index = 688;         // dword: region being checked
        public const int Count = 692;         // dword: number of regions
        public const int JumpBackEntry = 696; // qword: return address into the old kernel (0 if none)
        public const int Gdt = 704;           // 4 descriptors, 8 bytes each
        public const int GdtPointer = 736;    // limit (word) + base (qword), padded
        public const int JumpBackText = 752;  // " kexec_jump_back_entry=0x", 32 bytes reserved
        public const int Regions = 784;       // RegionSize bytes per region
        public const int RegionSize = 48;     // start (qword), length (qword), digest (8 dwords, numeric H values)
        public const int MaxRegions = 32;

        public const int Size = Regions + MaxRegions * RegionSize;

        public const string JumpBackParameter = " kexec_jump_back_entry=0x";

        /// <summary>Selectors the boot protocol requires: __BOOT_CS and __BOOT_DS (Documentation/arch/x86/boot.rst).</summary>
        public const ushort BootCs = 0x10;
        public const ushort BootDs = 0x18;
    }
}
