namespace Kexec.Model
{
    /// <summary>
    /// One piece of the new image: bytes placed at a physical destination, zero-filled up to
    /// MemorySize. Mirrors struct kexec_segment (include/uapi/linux/kexec.h); what the kernel
    /// demands of it (page alignment, bufsz at most memsz, ...) KimageChecks checks for the image.
    /// </summary>
    internal sealed class Segment
    {
        public Segment(string role, byte[] buffer, ulong destination, ulong memorySize)
        {
            Role = role;
            Buffer = buffer;
            Destination = destination;
            MemorySize = memorySize;
        }

        /// <summary>What the segment holds ("kernel", "initrd", "boot-params", "purgatory", "elfcorehdr", ...).</summary>
        public string Role { get; }

        public byte[] Buffer { get; }

        public ulong Destination { get; }

        public ulong MemorySize { get; }

        public ulong End => Destination + MemorySize; // exclusive

        /// <summary>Whether the purgatory checks this segment's SHA-256 (everything but itself).</summary>
        public bool Verified { get; set; } = true;
    }
}
