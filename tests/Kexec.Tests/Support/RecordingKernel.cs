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

        public void FileLoad(string kernelPath, string? initrdPath, string? commandLine, KexecFileFlags flags) => Calls.Add("kexec_file_load");

        public void Unload(KexecFlags flags, bool fileSyscall) => Calls.Add("unload");

        public void Execute() => Calls.Add("reboot");
    }
}
