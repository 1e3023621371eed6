using System;
using System.Runtime.InteropServices;

namespace Kexec.Tests.Support
{
    /// <summary>
    /// Test-only: an RWX mapping so the generated purgatory routines can run natively on this
    /// x86_64 host. Product code never does this, which is why it lives here and not in
    /// Common.Elf/Platform.
    /// </summary>
    internal sealed unsafe class ExecutableMemory : IDisposable
    {
        private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymous = 0x20;

        [DllImport("libc.so.6", SetLastError = true)]
        private static extern IntPtr mmap(IntPtr addr, UIntPtr length, int prot, int flags, int fd, IntPtr offset);

        [DllImport("libc.so.6", SetLastError = true)]
        private static extern int munmap(IntPtr addr, UIntPtr length);

        public ExecutableMemory(int size)
        {
            Size = size;
            Address = mmap(IntPtr.Zero, (UIntPtr)size, ProtRead | ProtWrite | ProtExec, MapPrivate | MapAnonymous, -1, IntPtr.Zero);
            if (Address == new IntPtr(-1)) throw new InvalidOperationException("mmap failed: errno " + Marshal.GetLastWin32Error());
        }

        public IntPtr Address { get; }
        public int Size { get; }
        public ulong Base => (ulong)Address.ToInt64();

        public void Write(int offset, byte[] bytes) => Marshal.Copy(bytes, 0, Address + offset, bytes.Length);

        public byte[] Read(int offset, int length)
        {
            var b = new byte[length];
            Marshal.Copy(Address + offset, b, 0, length);
            return b;
        }

        public int Call(ulong address) => ((delegate* unmanaged<int>)(void*)address)();

        public void Dispose() => munmap(Address, (UIntPtr)Size);
    }
}
