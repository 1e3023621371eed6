using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Common.Platform
{
    /// <summary>What kind of file a path names (S_IFMT of st_mode, include/uapi/linux/stat.h).</summary>
    public enum FileKind
    {
        Missing,
        Regular,
        Directory,
        CharacterDevice,
        BlockDevice,
        Fifo,
        Socket,
        Other,
    }

    /// <summary>
    /// stat of a path (symbolic links followed) through statx(2), whose struct statx
    /// (include/uapi/linux/stat.h) has one layout on x86_64 and i386, so the 32-bit Mono build
    /// reads it as the NativeAOT build does. Syscall numbers from syscall_64.tbl / syscall_32.tbl.
    /// </summary>
    public readonly struct FileStatus
    {
        private const long StatxX86_64 = 332;
        private const long StatxI386 = 383;
        private const int AtFdCwd = -100;
        private const int StatxType = 0x1, StatxMode = 0x2, StatxSize = 0x200;
        private const int StatxBufferSize = 256;
        // Offsets in struct statx.
        private const int ModeOffset = 28;   // __u16 stx_mode
        private const int SizeOffset = 40;   // __u64 stx_size
        // S_IFMT and its values.
        private const int FormatMask = 0xf000;
        private const int IfSock = 0xc000, IfReg = 0x8000, IfBlk = 0x6000, IfDir = 0x4000, IfChr = 0x2000, IfFifo = 0x1000;

        private FileStatus(FileKind kind, ulong size)
        {
            Kind = kind;
            Size = size;
        }

        public FileKind Kind { get; }

        /// <summary>st_size: a regular file's length (0 for most devices).</summary>
        public ulong Size { get; }

        /// <summary>The file's kind and size; <see cref="FileKind.Missing"/> when the path does not exist.</summary>
        public static FileStatus Of(string path)
        {
            long number = LinuxSystem.Architecture == CpuArchitecture.X86_64 ? StatxX86_64 : StatxI386;
            IntPtr name = Marshal.StringToHGlobalAnsi(path);
            IntPtr buffer = Marshal.AllocHGlobal(StatxBufferSize);
            try
            {
                try
                {
                    LinuxSystem.Syscall("statx " + path, number, AtFdCwd, name.ToInt64(), 0, StatxType | StatxMode | StatxSize, buffer.ToInt64());
                }
                catch (SyscallException e) when (e.Errno == LinuxSystem.ENOENT)
                {
                    return new FileStatus(FileKind.Missing, 0);
                }
                var raw = new byte[StatxBufferSize];
                Marshal.Copy(buffer, raw, 0, raw.Length);
                int mode = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(ModeOffset));
                ulong size = BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(SizeOffset));
                return new FileStatus(KindOf(mode), size);
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
                Marshal.FreeHGlobal(name);
            }
        }

        private static FileKind KindOf(int mode)
        {
            switch (mode & FormatMask)
            {
                case IfReg: return FileKind.Regular;
                case IfDir: return FileKind.Directory;
                case IfChr: return FileKind.CharacterDevice;
                case IfBlk: return FileKind.BlockDevice;
                case IfFifo: return FileKind.Fifo;
                case IfSock: return FileKind.Socket;
                default: return FileKind.Other;
            }
        }
    }
}
