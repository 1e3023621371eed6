namespace Kexec.Crash
{
    /// <summary>
    /// One PT_NOTE of the ELF core header: a note area of the running kernel, either read by the
    /// new kernel where it lies (<see cref="Copy"/> null) or carried in the header segment itself.
    /// </summary>
    internal sealed class CoreNote
    {
        public CoreNote(string what, ulong address, ulong size, byte[]? copy = null)
        {
            What = what;
            Address = address;
            Size = size;
            Copy = copy;
        }

        /// <summary>"VMCOREINFO" or "crash notes of cpuN", for plan notes and errors.</summary>
        public string What { get; }
        public ulong Address { get; }
        public ulong Size { get; }
        public byte[]? Copy { get; }
    }
}
