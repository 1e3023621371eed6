using Kexec.Model;

namespace Kexec.Execution
{
    /// <summary>The kernel and system side of kexec, so tests can run every path up to the system call.</summary>
    internal interface IKexecKernel
    {
        bool HasSysBootCapability();
        void Load(KexecImage image, uint archFlags);
        void FileLoad(string kernelPath, string? initrdPath, string? commandLine, KexecFileFlags flags);
        void Unload(KexecFlags flags, bool fileSyscall);
        void Execute();

        /// <summary>sync(2) before executing (kexec-tools does it unless -y).</summary>
        void Sync();

        /// <summary>Every network interface down before executing (kexec-tools' ifdown, unless -x).</summary>
        void BringNetworkDown();

        /// <summary>kexec-tools' my_shutdown: runs "shutdown -r now" and returns its exit status.</summary>
        int RunShutdown();
    }
}
