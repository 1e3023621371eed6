using System;

namespace MakeDumpFile.Kernel
{
    /// <summary>The dumped kernel's data (VMCOREINFO, page tables, mem_map) cannot be used as it stands.</summary>
    internal sealed class KernelDataException : Exception
    {
        public KernelDataException(string message) : base(message) { }
    }
}
