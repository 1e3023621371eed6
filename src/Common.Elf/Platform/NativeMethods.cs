using System;
using System.Runtime.InteropServices;

namespace Common.Platform
{
    /// <summary>
    /// The only place that calls into libc. NativeAOT builds use source-generated
    /// LibraryImport; the net472/netstandard2.0 builds that run under Mono in i386 guests
    /// use DllImport. "libc.so.6" is named in full because the guests have no libc.so
    /// linker script.
    /// </summary>
    internal static partial class NativeMethods
    {
        private const string Libc = "libc.so.6";

#if NET7_0_OR_GREATER
        [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
        internal static partial nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);

        [LibraryImport(Libc, EntryPoint = "reboot", SetLastError = true)]
        internal static partial int Reboot(int command);

        [LibraryImport(Libc, EntryPoint = "geteuid")]
        internal static partial uint GetEffectiveUserId();

        [LibraryImport(Libc, EntryPoint = "sync")]
        internal static partial void Sync();

        [LibraryImport(Libc, EntryPoint = "strerror")]
        internal static partial nint StrError(int errnum);

        [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
        internal static partial int Socket(int domain, int type, int protocol);

        [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static unsafe partial int Ioctl(int fd, nuint request, byte* argument);
#else
        [DllImport(Libc, EntryPoint = "syscall", SetLastError = true)]
        internal static extern IntPtr Syscall(IntPtr number, IntPtr a1, IntPtr a2, IntPtr a3, IntPtr a4, IntPtr a5);

        [DllImport(Libc, EntryPoint = "reboot", SetLastError = true)]
        internal static extern int Reboot(int command);

        [DllImport(Libc, EntryPoint = "geteuid")]
        internal static extern uint GetEffectiveUserId();

        [DllImport(Libc, EntryPoint = "sync")]
        internal static extern void Sync();

        [DllImport(Libc, EntryPoint = "strerror")]
        internal static extern IntPtr StrError(int errnum);

        [DllImport(Libc, EntryPoint = "socket", SetLastError = true)]
        internal static extern int Socket(int domain, int type, int protocol);

        [DllImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static extern unsafe int Ioctl(int fd, UIntPtr request, byte* argument);
#endif
    }
}
