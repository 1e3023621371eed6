namespace Kexec.Memory
{
    /// <summary>
    /// Kinds of physical memory, with the e820 type numbers the boot protocol uses
    /// (arch/x86/include/uapi/asm/setup_data.h / e820 types in Documentation/arch/x86/zero-page.rst).
    /// </summary>
    internal enum MemoryType : uint
    {
        Ram = 1,
        Reserved = 2,
        AcpiTables = 3,
        AcpiNvs = 4,
        Unusable = 5,
        Persistent = 7,
        /// <summary>Not an e820 type: the "Crash kernel" reservation inside System RAM.</summary>
        CrashKernel = 0x10000,
    }
}
