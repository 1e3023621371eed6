using System;
using System.Runtime.InteropServices;

namespace Common.Platform
{
    /// <summary>
    /// A file or device opened with open(2) and accessed only with pread/pwrite at explicit
    /// 64-bit offsets. Errors keep their errno (SyscallException.Errno), which callers of
    /// /dev/oldmem need: ENXIO (gap between ranges), EPERM (running kernel's RAM), ENOSPC (past
    /// the end); see native/README.md.
    /// </summary>
    public sealed unsafe class RawFile : IDisposable
    {
        // fcntl.h, the same numbers on x86_64 and i386.
        private const int ORdOnly = 0x0;
        private const int ORdWr = 0x2;
        private const int OCloExec = 0x80000;
        private const int OWrOnly = 0x1;
        private const int OCreat = 0x40;
        private const int OExcl = 0x80;
        private const int ModeOwnerReadWrite = 0x180; // 0600
        private const int EINTR = 4;

        private int _fd;

        private RawFile(int fd, string path)
        {
            _fd = fd;
            Path = path;
        }

        public string Path { get; }

        /// <summary>Opens an existing file or device, read-only or read-write (never creates it).</summary>
        public static RawFile Open(string path, bool writable)
        {
            int fd = NativeMethods.Open(path, (writable ? ORdWr : ORdOnly) | OCloExec, 0);
            if (fd < 0) throw new SyscallException($"open {path}", Marshal.GetLastWin32Error());
            return new RawFile(fd, path);
        }

        /// <summary>
        /// Creates an empty file readable and writable by its owner only (0600, as makedumpfile
        /// creates dump files: they hold another kernel's memory); fails if it exists.
        /// </summary>
        public static void CreatePrivate(string path)
        {
            int fd = NativeMethods.Open(path, OWrOnly | OCreat | OExcl | OCloExec, ModeOwnerReadWrite);
            if (fd < 0) throw new System.IO.IOException($"cannot create {path}: {LinuxSystem.DescribeErrno(Marshal.GetLastWin32Error())}");
            NativeMethods.Close(fd);
        }

        /// <summary>One pread; returns the bytes read (0 at the end), throws with errno on failure.</summary>
        public int ReadAt(long offset, Span<byte> buffer)
        {
            while (true)
            {
                long n;
                fixed (byte* p = buffer)
                    n = NativeMethods.PRead(Fd, p, new IntPtr(buffer.Length), offset).ToInt64();
                if (n >= 0) return (int)n;
                int errno = Marshal.GetLastWin32Error();
                if (errno != EINTR) throw new SyscallException($"pread {Path} at 0x{offset:x}", errno);
            }
        }

        /// <summary>One pwrite; returns the bytes written (may be short), throws with errno on failure.</summary>
        public int WriteAt(long offset, ReadOnlySpan<byte> buffer)
        {
            while (true)
            {
                long n;
                fixed (byte* p = buffer)
                    n = NativeMethods.PWrite(Fd, p, new IntPtr(buffer.Length), offset).ToInt64();
                if (n >= 0) return (int)n;
                int errno = Marshal.GetLastWin32Error();
                if (errno != EINTR) throw new SyscallException($"pwrite {Path} at 0x{offset:x}", errno);
            }
        }

        /// <summary>fsync(2). Devices that have nothing to flush (EINVAL) count as flushed.</summary>
        public void Sync()
        {
            if (NativeMethods.FSync(Fd) == 0) return;
            int errno = Marshal.GetLastWin32Error();
            if (errno != LinuxSystem.EINVAL) throw new SyscallException($"fsync {Path}", errno);
        }

        private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(Path);

        public void Dispose()
        {
            if (_fd >= 0) NativeMethods.Close(_fd);
            _fd = -1;
        }
    }
}
