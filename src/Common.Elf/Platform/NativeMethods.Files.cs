using System;
using System.Runtime.InteropServices;

namespace Common.Platform
{
    /// <summary>
    /// File calls with explicit 64-bit offsets, for devices such as /dev/oldmem where the file
    /// offset is a physical address. The *64 entry points take off64_t on both x86_64 and i386
    /// glibc, so physical addresses above 4 GiB work in a 32-bit Mono process too.
    /// </summary>
    internal static unsafe partial class NativeMethods
    {
#if NET7_0_OR_GREATER
        [LibraryImport(Libc, EntryPoint = "open64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Open(string path, int flags, int mode);

        [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
        internal static partial int Close(int fd);

        [LibraryImport(Libc, EntryPoint = "pread64", SetLastError = true)]
        internal static partial nint PRead(int fd, byte* buffer, nint count, long offset);

        [LibraryImport(Libc, EntryPoint = "pwrite64", SetLastError = true)]
        internal static partial nint PWrite(int fd, byte* buffer, nint count, long offset);

        [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
        internal static partial int FSync(int fd);
#else
        [DllImport(Libc, EntryPoint = "open64", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
        internal static extern int Open(string path, int flags, int mode);

        [DllImport(Libc, EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);

        [DllImport(Libc, EntryPoint = "pread64", SetLastError = true)]
        internal static extern IntPtr PRead(int fd, byte* buffer, IntPtr count, long offset);

        [DllImport(Libc, EntryPoint = "pwrite64", SetLastError = true)]
        internal static extern IntPtr PWrite(int fd, byte* buffer, IntPtr count, long offset);

        [DllImport(Libc, EntryPoint = "fsync", SetLastError = true)]
        internal static extern int FSync(int fd);
#endif
    }
}
