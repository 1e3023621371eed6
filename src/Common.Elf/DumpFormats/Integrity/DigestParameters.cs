using System;

namespace Common.DumpFormats.Integrity
{
    /// <summary>
    /// What an image's digests are made with: the algorithm and the size of the file blocks each
    /// digest covers. Written twice, as KEXEC_JUMP note type 3 (before the data: the image says it
    /// has digests, so a lost trailer is noticed) and in the trailer's footer.
    /// </summary>
    public readonly struct DigestParameters : IEquatable<DigestParameters>
    {
        /// <summary>Bytes of one digest.</summary>
        public const int DigestSize = 16;
        public const int MinBlockSize = 4096;
        public const int MaxBlockSize = 16 << 20;

        /// <summary>
        /// 64 KiB blocks: 16 bytes of trailer per 64 KiB of image (0.02 %, 256 KiB per GiB kept in
        /// memory while writing), small enough to name the few pages a damaged block holds.
        /// </summary>
        public static readonly DigestParameters Default = new DigestParameters(DigestAlgorithm.Xxh3_128, 64 << 10);

        public DigestParameters(DigestAlgorithm algorithm, int blockSize)
        {
            Algorithm = algorithm;
            BlockSize = blockSize;
        }

        public DigestAlgorithm Algorithm { get; }
        public int BlockSize { get; }

        /// <summary>Why these parameters cannot be used, or null when they can.</summary>
        public string? Problem()
        {
            if (Algorithm != DigestAlgorithm.Xxh3_128) return $"digest algorithm {(uint)Algorithm} is not known";
            if (BlockSize < MinBlockSize || BlockSize > MaxBlockSize || (BlockSize & (BlockSize - 1)) != 0)
                return $"digest block size {BlockSize} is not a power of two from {MinBlockSize} to {MaxBlockSize}";
            return null;
        }

        public bool Equals(DigestParameters other) => Algorithm == other.Algorithm && BlockSize == other.BlockSize;
        public override bool Equals(object? obj) => obj is DigestParameters p && Equals(p);
        public override int GetHashCode() => ((int)Algorithm * 397) ^ BlockSize;
        public override string ToString() => $"{Algorithm} per {BlockSize / 1024} KiB";
    }
}
