using System;

namespace Kexec.Model
{
    /// <summary>kexec_load(2) flags, include/uapi/linux/kexec.h.</summary>
    [Flags]
    internal enum KexecFlags : uint
    {
        None = 0,
        OnCrash = 0x00000001,
        PreserveContext = 0x00000002,
    }

    /// <summary>The architecture field in the top 16 bits of kexec_load's flags (ELF machine numbers).</summary>
    internal static class KexecArch
    {
        public const uint X86_64 = 62u << 16;
        public const uint I386 = 3u << 16;
    }

    /// <summary>kexec_file_load(2) flags, include/uapi/linux/kexec.h.</summary>
    [Flags]
    internal enum KexecFileFlags : uint
    {
        None = 0,
        Unload = 0x1,
        OnCrash = 0x2,
        NoInitramfs = 0x4,
        Debug = 0x8,
    }
}
