using System;
using System.IO;
using Common.Platform;
using KRestore.Planning;

namespace KRestore.Target
{
    /// <summary>
    /// The memory being written: /dev/oldmem (file offset = physical address) or, for tests,
    /// any file or device with the same addressing. Transfers loop over short counts; an error
    /// keeps its errno so the message can say what /dev/oldmem meant by it.
    /// </summary>
    internal sealed class TargetDevice : IDisposable
    {
        private const int ENXIO = 6;
        private const int EFAULT = 14;
        private const int ENOSPC = 28;
        private readonly RawFile _file;

        private TargetDevice(RawFile file) => _file = file;

        public string Path => _file.Path;

        /// <summary>Checks that the target exists and that we may write it, without opening it.</summary>
        public static void CheckAccess(string path)
        {
            bool isDevice = IsDevice(path);
            if (!File.Exists(path))
            {
                if (path == Cli.RestoreOptions.DefaultTarget)
                    throw new TargetException($"{path} does not exist: this kernel was not booted as a jump or capture kernel (elfcorehdr=) with CONFIG_DEV_OLDMEM");
                throw new TargetException($"target {path} does not exist");
            }
            if (isDevice && !LinuxSystem.IsRoot)
                throw new TargetException($"writing {path} needs root (running as uid {LinuxSystem.EffectiveUserId})");
        }

        /// <summary>
        /// A target is /dev/oldmem or a regular file (tests, images of memory); any other device,
        /// a FIFO or a socket is refused unless forced: a typo of /dev/sda would overwrite a disk.
        /// Returns what the target is, for <see cref="CheckFits"/>.
        /// </summary>
        public static FileStatus CheckKind(string path, bool force)
        {
            FileStatus st = FileStatus.Of(path);
            if (st.Kind == FileKind.Regular || force) return st;
            if (st.Kind == FileKind.CharacterDevice && System.IO.Path.GetFullPath(path) == Cli.RestoreOptions.DefaultTarget) return st;
            throw new RefusedException($"target {path} is {Describe(st.Kind)}, not {Cli.RestoreOptions.DefaultTarget} or a regular file (--force writes it anyway)");
        }

        /// <summary>A regular file is never extended: every byte to be written must lie inside it.</summary>
        public static void CheckFits(string path, FileStatus st, ulong highestEnd)
        {
            if (st.Kind == FileKind.Regular && highestEnd > st.Size)
                throw new RefusedException($"target file {path} has {st.Size} bytes and the image writes up to 0x{highestEnd:x}: krestore never extends a file");
        }

        private static string Describe(FileKind kind)
        {
            switch (kind)
            {
                case FileKind.BlockDevice: return "a block device";
                case FileKind.CharacterDevice: return "a character device";
                case FileKind.Directory: return "a directory";
                case FileKind.Fifo: return "a FIFO";
                case FileKind.Socket: return "a socket";
                default: return "a special file";
            }
        }

        /// <summary>Device files (under /dev) are memory; writing them needs root.</summary>
        public static bool IsDevice(string path)
        {
            string full = System.IO.Path.GetFullPath(path);
            return full.StartsWith("/dev/", StringComparison.Ordinal);
        }

        public static TargetDevice Open(string path, bool writable)
        {
            try { return new TargetDevice(RawFile.Open(path, writable)); }
            catch (SyscallException e) { throw new TargetException($"cannot open {path}{(writable ? " for writing" : "")}: {LinuxSystem.DescribeErrno(e.Errno)}"); }
        }

        public void WriteAll(ulong address, ReadOnlySpan<byte> data)
        {
            int done = 0;
            while (done < data.Length)
            {
                int n;
                ulong at = address + (ulong)done;
                try { n = _file.WriteAt(checked((long)at), data.Slice(done)); }
                catch (SyscallException e) { throw new TargetException($"writing {Path} at 0x{at:x} failed: {Explain(e.Errno)}"); }
                if (n <= 0) throw new TargetException($"writing {Path} at 0x{at:x} wrote nothing");
                done += n;
            }
        }

        public void ReadAll(ulong address, Span<byte> data)
        {
            int done = 0;
            while (done < data.Length)
            {
                int n;
                ulong at = address + (ulong)done;
                try { n = _file.ReadAt(checked((long)at), data.Slice(done)); }
                catch (SyscallException e) { throw new TargetException($"reading {Path} at 0x{at:x} failed: {Explain(e.Errno)}"); }
                if (n == 0)
                {
                    // A sparse test file may end before the highest address written; past the end reads as zero.
                    data.Slice(done).Clear();
                    return;
                }
                done += n;
            }
        }

        public void Sync()
        {
            try { _file.Sync(); }
            catch (SyscallException e) { throw new TargetException($"flushing {Path} failed: {LinuxSystem.DescribeErrno(e.Errno)}"); }
        }

        // The meanings /dev/oldmem gives these (native/README.md, patch 6).
        private static string Explain(int errno)
        {
            string text = LinuxSystem.DescribeErrno(errno);
            switch (errno)
            {
                case ENXIO: return text + ": not memory of the other kernel (a gap between its ranges)";
                case LinuxSystem.EPERM: return text + ": memory the running kernel holds (its RAM, a device, the firmware)";
                case ENOSPC: return text + ": past the end of the other kernel's memory";
                case EFAULT: return text + ": bad buffer";
                default: return text;
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
