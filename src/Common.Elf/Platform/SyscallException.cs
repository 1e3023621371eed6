using System;

namespace Common.Platform
{
    /// <summary>A system call failed; carries errno and the C library's text for it.</summary>
    public sealed class SyscallException : Exception
    {
        public SyscallException(string call, int errno)
            : base($"{call} failed: {LinuxSystem.DescribeErrno(errno)}")
        {
            Call = call;
            Errno = errno;
        }

        public string Call { get; }
        public int Errno { get; }
    }
}
