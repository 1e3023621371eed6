using Kexec.Model;

namespace Kexec.Execution
{
    /// <summary>The kernel side of kexec, so tests can run every path up to the system call.</summary>
    internal interface IKexecKernel
    {
        bool HasSysBootCapability();
        void Load(KexecImage image, uint archFlags);
        void FileLoad(string kernelPath, string? initrdPath, string? commandLine, KexecFileFlags flags);
        void Unload(KexecFlags flags, bool fileSyscall);
        void Execute();
    }
}
