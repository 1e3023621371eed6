namespace Kexec.Purgatory
{
    /// <summary>The generated purgatory: bytes to load at Base, and where its routines start.</summary>
    internal sealed class PurgatoryBlob
    {
        public PurgatoryBlob(byte[] bytes, ulong baseAddress, ulong memorySize, ulong entry, ulong verifyAll, ulong writeJumpBackEntry, ulong sha256Compress, int bitness, int codeOffset)
        {
            Bytes = bytes;
            Base = baseAddress;
            MemorySize = memorySize;
            Entry = entry;
            VerifyAll = verifyAll;
            WriteJumpBackEntry = writeJumpBackEntry;
            Sha256Compress = sha256Compress;
            Bitness = bitness;
            CodeOffset = codeOffset;
        }

        public byte[] Bytes { get; }
        public ulong Base { get; }

        /// <summary>Bytes plus the stack page the purgatory switches to.</summary>
        public ulong MemorySize { get; }

        public ulong Entry { get; }

        /// <summary>Callable routine: checks every region, returns 0 in eAX or the 1-based index of the first mismatch.</summary>
        public ulong VerifyAll { get; }

        /// <summary>Callable routine: appends " kexec_jump_back_entry=0x..." at the command line's end.</summary>
        public ulong WriteJumpBackEntry { get; }

        /// <summary>The SHA-256 compression function (one 64-byte block at rSI into the state).</summary>
        public ulong Sha256Compress { get; }

        /// <summary>Bitness of the code that starts at Entry.</summary>
        public int Bitness { get; }

        /// <summary>Offset of the first instruction; before it lies the data block (PurgatoryLayout).</summary>
        public int CodeOffset { get; }
    }
}
