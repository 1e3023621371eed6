using Common.Elf;

namespace KRestore.Image
{
    /// <summary>ELF e_machine values as the uname -m names a kdump header carries.</summary>
    internal static class MachineNames
    {
        public static string? FromElf(ushort machine)
        {
            if (machine == ElfConstants.MachineX86_64) return "x86_64";
            if (machine == 3) return "i386"; // EM_386
            return machine == 0 ? null : $"e_machine {machine}";
        }

        /// <summary>i386 kernels report i486..i686 in utsname; they are one architecture here.</summary>
        public static string? Normalize(string? name)
        {
            if (string.IsNullOrEmpty(name)) return null;
            if (name == "i486" || name == "i586" || name == "i686") return "i386";
            return name;
        }
    }
}
