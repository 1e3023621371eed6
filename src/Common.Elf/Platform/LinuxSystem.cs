using System;
using System.Runtime.InteropServices;

namespace Common.Platform
{
    /// <summary>
    /// The seam between the tools and the kernel: every system call the tools make goes
    /// through here, so the rest of the code runs the same under NativeAOT and Mono.
    /// </summary>
    public static class LinuxSystem
    {
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int ENOEXEC = 8;
        public const int EKEYREJECTED = 129;
        public const int EBUSY = 16;
        public const int EINVAL = 22;
        public const int ENOSYS = 38;
        public const int ENOMEM = 12;
        public const int EADDRNOTAVAIL = 99;

        /// <summary>The running machine (a 32-bit process on x86 is an i386 machine for our purposes).</summary>
        public static CpuArchitecture Architecture =>
            IntPtr.Size == 8 ? CpuArchitecture.X86_64 : CpuArchitecture.I386;

        public static uint EffectiveUserId => NativeMethods.GetEffectiveUserId();

        public static bool IsRoot => EffectiveUserId == 0;

        /// <summary>errno's name-free description from the C library, with the number.</summary>
        public static string DescribeErrno(int errno)
        {
            string? text = null;
            try
            {
                IntPtr p = NativeMethods.StrError(errno);
                if (p != IntPtr.Zero) text = Marshal.PtrToStringAnsi(p);
            }
            catch (DllNotFoundException)
            {
                // Only reached off Linux (unit tests on other hosts); the number still helps.
            }
            return text == null ? $"errno {errno}" : $"{text} (errno {errno})";
        }

        /// <summary>Issues a raw system call and returns its result, or throws with errno.</summary>
        public static long Syscall(string name, long number, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0)
        {
            IntPtr r = NativeMethods.Syscall(new IntPtr(number), new IntPtr(a1), new IntPtr(a2), new IntPtr(a3), new IntPtr(a4), new IntPtr(a5));
            long result = r.ToInt64();
            if (result == -1) throw new SyscallException(name, Marshal.GetLastWin32Error());
            return result;
        }

        /// <summary>reboot(2) with one of the LINUX_REBOOT_CMD_* values (the libc wrapper adds the magics).</summary>
        public static void Reboot(uint command)
        {
            if (NativeMethods.Reboot(unchecked((int)command)) != 0)
                throw new SyscallException("reboot", Marshal.GetLastWin32Error());
        }

        public static void Sync() => NativeMethods.Sync();
    }
}
