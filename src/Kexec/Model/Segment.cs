using System;

namespace Kexec.Model
{
    /// <summary>
    /// One piece of the new image: bytes placed at a physical destination, zero-filled up to
    /// MemorySize. Mirrors struct kexec_segment (include/uapi/linux/kexec.h); the kernel wants
    /// Destination and MemorySize page aligned.
    /// </summary>
    internal sealed class Segment
    {
        public Segment(string role, byte[] buffer, ulong destination, ulong memorySize)
        {
            if (memorySize < (ulong)buffer.Length)
                throw new ArgumentException($"segment '{role}': memsz 0x{memorySize:x} smaller than buffer 0x{buffer.Length:x}");
            Role = role;
            Buffer = buffer;
            Destination = destination;
            MemorySize = memorySize;
        }

        /// <summary>What the segment holds ("kernel", "initrd", "boot-params", "purgatory", "elfcorehdr", ...).</summary>
        public string Role { get; }

        public byte[] Buffer { get; set; }

        public ulong Destination { get; }

        public ulong MemorySize { get; }

        public ulong End => Destination + MemorySize; // exclusive

        /// <summary>Whether the purgatory checks this segment's SHA-256 (everything but itself).</summary>
        public bool Verified { get; set; } = true;
    }
}
