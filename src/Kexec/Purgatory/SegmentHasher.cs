using Kexec.Model;

namespace Kexec.Purgatory
{
    /// <summary>SHA-256 of a segment as it will be in memory: the buffer, then zeros up to memsz.</summary>
    internal static class SegmentHasher
    {
        public static byte[] Hash(Segment segment)
        {
            var sha = new Sha256();
            sha.Update(segment.Buffer, 0, segment.Buffer.Length);
            sha.UpdateZeros(segment.MemorySize - (ulong)segment.Buffer.Length);
            return sha.Final();
        }
    }
}
