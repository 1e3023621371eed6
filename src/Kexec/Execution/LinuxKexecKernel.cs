using System;
using System.IO;
using System.Linq;
using Common.Numbers;
using Common.Platform;
using Kexec.Memory;
using Kexec.Model;

namespace Kexec.Execution
{
    /// <summary>The real thing: system calls through Common.Platform.</summary>
    internal sealed class LinuxKexecKernel : IKexecKernel
    {
        /// <summary>CapEff in /proc/self/status (fs/proc/array.c) tells whether kexec may be used at all.</summary>
        public bool HasSysBootCapability()
        {
            string? status = new SystemFiles().ReadText("/proc/self/status");
            if (status == null) return LinuxSystem.IsRoot;
            foreach (string line in status.Split('\n'))
            {
                if (!line.StartsWith("CapEff:", StringComparison.Ordinal)) continue;
                if (!NumberParser.TryParseHex(line.Substring(7), out ulong caps)) return LinuxSystem.IsRoot;
                return (caps & (1UL << KexecSyscalls.CapSysBoot)) != 0;
            }
            return LinuxSystem.IsRoot;
        }

        public void Load(KexecImage image, uint archFlags)
        {
            var segments = image.SortedSegments.Select(s => new KexecSegmentData(s.Buffer, s.Destination, s.MemorySize)).ToList();
            KexecSyscalls.KexecLoad(image.Entry, segments, (uint)image.Flags | archFlags);
        }

        public void FileLoad(string kernelPath, string? initrdPath, string? commandLine, KexecFileFlags flags)
        {
            using var kernel = new FileStream(kernelPath, FileMode.Open, FileAccess.Read);
            using var initrd = initrdPath == null ? null : new FileStream(initrdPath, FileMode.Open, FileAccess.Read);
            int kernelFd = kernel.SafeFileHandle.DangerousGetHandle().ToInt32();
            int initrdFd = initrd == null ? -1 : initrd.SafeFileHandle.DangerousGetHandle().ToInt32();
            KexecSyscalls.KexecFileLoad(kernelFd, initrdFd, commandLine, (uint)flags);
        }

        public void Unload(KexecFlags flags, bool fileSyscall)
        {
            if (fileSyscall)
            {
                var f = KexecFileFlags.Unload | ((flags & KexecFlags.OnCrash) != 0 ? KexecFileFlags.OnCrash : 0);
                KexecSyscalls.KexecFileLoad(-1, -1, null, (uint)f);
            }
            else
            {
                uint arch = LinuxSystem.Architecture == CpuArchitecture.X86_64 ? KexecArch.X86_64 : KexecArch.I386;
                KexecSyscalls.KexecLoad(0, new KexecSegmentData[0], (uint)flags | arch);
            }
        }

        public void Execute() => KexecSyscalls.Execute();

        public void Sync() => LinuxSystem.Sync();

        /// <summary>As kexec-tools' ifdown(): a failing interface is reported and the others still go down.</summary>
        public void BringNetworkDown()
        {
            const string net = "/sys/class/net";
            if (!Directory.Exists(net)) return;
            foreach (string dir in Directory.GetFileSystemEntries(net))
            {
                string name = Path.GetFileName(dir);
                if (!NetworkInterface.BringDown(name, out int errno))
                    Console.Error.WriteLine($"kexec: ifdown: {name}: {LinuxSystem.DescribeErrno(errno)}");
            }
        }

        /// <summary>The places kexec-tools tries, in its order.</summary>
        public int RunShutdown()
        {
            foreach (string path in new[] { "/sbin/shutdown", "/etc/shutdown", "/bin/shutdown", "/usr/sbin/shutdown" })
            {
                if (!File.Exists(path)) continue;
                using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(path, "-r now") { UseShellExecute = false })!;
                p.WaitForExit();
                return p.ExitCode;
            }
            throw new KexecException("shutdown: No such file or directory (looked in /sbin, /etc, /bin, /usr/sbin)");
        }
    }
}
