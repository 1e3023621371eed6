using System.Collections.Generic;
using Kexec.Execution;
using Kexec.Model;

namespace Kexec.Tests.Support
{
    /// <summary>Stands in for the kernel: records what would have been loaded.</summary>
    internal sealed class RecordingKernel : IKexecKernel
    {
        public bool Capability { get; set; } = true;
        public List<KexecImage> Loads { get; } = new List<KexecImage>();
        public List<string> Calls { get; } = new List<string>();

        public bool HasSysBootCapability() => Capability;

        public void Load(KexecImage image, uint archFlags)
        {
            Loads.Add(image);
            Calls.Add("kexec_load");
        }

        /// <summary>When set, kexec_file_load fails with this errno.</summary>
        public int FileLoadErrno { get; set; }

        public void FileLoad(string kernelPath, string? initrdPath, string? commandLine, KexecFileFlags flags)
        {
            Calls.Add("kexec_file_load");
            if (FileLoadErrno != 0) throw new Common.Platform.SyscallException("kexec_file_load", FileLoadErrno);
        }

        public void Unload(KexecFlags flags, bool fileSyscall) => Calls.Add("unload");

        public void Execute() => Calls.Add("reboot");

        /// <summary>What kexec did around the system calls (sync, ifdown, shutdown), in order.</summary>
        public List<string> Steps { get; } = new List<string>();

        public int ShutdownStatus { get; set; }

        public void Sync() => Steps.Add("sync");

        public void BringNetworkDown() => Steps.Add("ifdown");

        public int RunShutdown()
        {
            Steps.Add("shutdown -r now");
            return ShutdownStatus;
        }
    }
}
