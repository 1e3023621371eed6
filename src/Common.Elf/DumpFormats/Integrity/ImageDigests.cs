using System;
using System.IO;
using Common.Elf;

namespace Common.DumpFormats.Integrity
{
    /// <summary>
    /// Checks an image file against its digest trailer before anything reads its contents:
    /// every byte before the trailer is digested again, block by block, in one sequential pass.
    /// </summary>
    public static class ImageDigests
    {
        private const int ReadSize = 1 << 20;

        /// <summary>The result for an input that is never ours (/proc/vmcore): no digests, not read.</summary>
        public static DigestCheck NotChecked { get; } = new DigestCheck(null);

        /// <summary>
        /// Verifies <paramref name="path"/> (named <paramref name="name"/> in messages). Returns
        /// an unverified result when the file has no trailer; throws
        /// <see cref="DumpFormatException"/> naming the damaged part when it has one that does
        /// not match (the trailer itself, or which block, and what that block holds).
        /// </summary>
        public static DigestCheck Verify(string path, string name)
        {
            DigestTrailer? trailer;
            long damaged = -1;
            using (var file = new PositionalFile(path))
            {
                try { trailer = DigestTrailer.Read(file); }
                catch (DumpFormatException e) { throw new DumpFormatException($"{name} is damaged: {e.Message}"); }
                if (trailer == null) return new DigestCheck(null);
                damaged = FirstMismatch(file, trailer);
            }
            if (damaged >= 0)
            {
                long start = damaged * trailer.Parameters.BlockSize;
                long end = Math.Min(trailer.CoveredLength, start + trailer.Parameters.BlockSize);
                throw new DumpFormatException($"{name} is damaged: bytes 0x{start:x}-0x{end - 1:x} ({ImageRegions.Describe(path, start, end)}) do not match their digest");
            }
            return new DigestCheck(trailer);
        }

        /// <summary>
        /// Whether the image's notes say it was written with digests (KEXEC_JUMP note type 3),
        /// so that a missing trailer means the file lost its end.
        /// </summary>
        public static bool AnnouncedIn(byte[] notes)
        {
            try { return KexecJumpNote.Find(notes).Digests.HasValue; }
            catch (ElfFormatException) { return false; }
        }

        private static long FirstMismatch(PositionalFile file, DigestTrailer t)
        {
            int bs = t.Parameters.BlockSize;
            int blocksPerRead = Math.Max(1, ReadSize / bs);
            var buffer = new byte[(long)blocksPerRead * bs];
            Span<byte> digest = stackalloc byte[DigestParameters.DigestSize];
            long block = 0;
            while (block < t.BlockCount)
            {
                long offset = block * bs;
                int n = (int)Math.Min(buffer.Length, t.CoveredLength - offset);
                file.ReadExactly(offset, buffer.AsSpan(0, n), "image data");
                for (int at = 0; at < n; at += bs, block++)
                {
                    BlockDigest.Compute(t.Parameters, block, buffer.AsSpan(at, Math.Min(bs, n - at)), digest);
                    if (!digest.SequenceEqual(t.DigestOf(block))) return block;
                }
            }
            return -1;
        }
    }
}
