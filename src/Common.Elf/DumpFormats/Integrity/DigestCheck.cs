namespace Common.DumpFormats.Integrity
{
    /// <summary>What <see cref="ImageDigests.Verify"/> found: digests that all match, or none at all.</summary>
    public sealed class DigestCheck
    {
        internal DigestCheck(DigestTrailer? trailer) => Trailer = trailer;

        /// <summary>The image ends with a digest trailer and every block matched it.</summary>
        public bool Verified => Trailer != null;
        public DigestTrailer? Trailer { get; }
        public long BlocksChecked => Trailer?.BlockCount ?? 0;
    }
}
