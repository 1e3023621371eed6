using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Common.Platform
{
    /// <summary>One struct kexec_segment (include/uapi/linux/kexec.h): bytes for [Memory, Memory+MemorySize).</summary>
    public sealed class KexecSegmentData
    {
        public KexecSegmentData(byte[] buffer, ulong memory, ulong memorySize)
        {
            Buffer = buffer;
            Memory = memory;
            MemorySize = memorySize;
        }

        public byte[] Buffer { get; }
        public ulong Memory { get; }
        public ulong MemorySize { get; }
    }

    /// <summary>
    /// kexec_load(2), kexec_file_load(2) and reboot(LINUX_REBOOT_CMD_KEXEC). Syscall numbers from
    /// arch/x86/entry/syscalls/syscall_64.tbl and syscall_32.tbl (i386 has no kexec_file_load).
    /// </summary>
    public static class KexecSyscalls
    {
        public const long KexecLoadX86_64 = 246;
        public const long KexecFileLoadX86_64 = 320;
        public const long KexecLoadI386 = 283;

        /// <summary>LINUX_REBOOT_CMD_KEXEC, include/uapi/linux/reboot.h.</summary>
        public const uint RebootCommandKexec = 0x45584543;

        /// <summary>CAP_SYS_BOOT, include/uapi/linux/capability.h: needed for all three calls.</summary>
        public const int CapSysBoot = 22;

        /// <summary>A machine word for syscall(2): on a 32-bit process the value must fit an int.</summary>
        private static long Word(ulong value) => IntPtr.Size == 8 ? unchecked((long)value) : unchecked((int)(uint)value);

        public static void KexecLoad(ulong entry, IReadOnlyList<KexecSegmentData> segments, ulong flags)
        {
            long number = LinuxSystem.Architecture == CpuArchitecture.X86_64 ? KexecLoadX86_64 : KexecLoadI386;
            int word = IntPtr.Size;
            var buffers = new List<IntPtr>();
            IntPtr table = IntPtr.Zero;
            try
            {
                if (segments.Count > 0)
                {
                    table = Marshal.AllocHGlobal(segments.Count * 4 * word);
                    for (int i = 0; i < segments.Count; i++)
                    {
                        var s = segments[i];
                        IntPtr buf = IntPtr.Zero;
                        if (s.Buffer.Length > 0)
                        {
                            buf = Marshal.AllocHGlobal(s.Buffer.Length);
                            buffers.Add(buf);
                            Marshal.Copy(s.Buffer, 0, buf, s.Buffer.Length);
                        }
                        IntPtr entryBase = table + i * 4 * word;
                        Marshal.WriteIntPtr(entryBase, buf);
                        Marshal.WriteIntPtr(entryBase + word, new IntPtr(Word((ulong)s.Buffer.Length)));
                        Marshal.WriteIntPtr(entryBase + 2 * word, new IntPtr(Word(s.Memory)));
                        Marshal.WriteIntPtr(entryBase + 3 * word, new IntPtr(Word(s.MemorySize)));
                    }
                }
                LinuxSystem.Syscall("kexec_load", number, Word(entry), segments.Count, table.ToInt64(), Word(flags));
            }
            finally
            {
                foreach (var b in buffers) Marshal.FreeHGlobal(b);
                if (table != IntPtr.Zero) Marshal.FreeHGlobal(table);
            }
        }

        /// <summary>kexec_file_load: the kernel reads and places the files itself. initrdFd is -1 for none.</summary>
        public static void KexecFileLoad(int kernelFd, int initrdFd, string? commandLine, ulong flags)
        {
            if (LinuxSystem.Architecture != CpuArchitecture.X86_64)
                throw new SyscallException("kexec_file_load", LinuxSystem.ENOSYS);
            IntPtr cmdline = IntPtr.Zero;
            long length = 0;
            try
            {
                if (commandLine != null)
                {
                    byte[] bytes = System.Text.Encoding.ASCII.GetBytes(commandLine + "\0");
                    cmdline = Marshal.AllocHGlobal(bytes.Length);
                    Marshal.Copy(bytes, 0, cmdline, bytes.Length);
                    length = bytes.Length;
                }
                LinuxSystem.Syscall("kexec_file_load", KexecFileLoadX86_64, kernelFd, initrdFd, length, cmdline.ToInt64(), Word(flags));
            }
            finally
            {
                if (cmdline != IntPtr.Zero) Marshal.FreeHGlobal(cmdline);
            }
        }

        /// <summary>Executes the loaded image; returns only after a preserve-context image jumped back.</summary>
        public static void Execute() => LinuxSystem.Reboot(RebootCommandKexec);
    }
}
