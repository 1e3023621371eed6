namespace KRestore.Planning
{
    /// <summary>
    /// Bytes to write: Length bytes at target address Target, taken from the image at physical
    /// address ImageAddress, or zeros. Target differs from ImageAddress only for kernel A's pages
    /// in the running kernel's range, which go to their kexec source pages.
    /// </summary>
    internal readonly struct WriteRun
    {
        public WriteRun(ulong target, ulong imageAddress, ulong length, bool zero)
        {
            Target = target;
            ImageAddress = imageAddress;
            Length = length;
            Zero = zero;
        }

        public ulong Target { get; }
        public ulong ImageAddress { get; }
        public ulong Length { get; }
        public bool Zero { get; }
        public ulong TargetEnd => Target + Length;
    }
}
