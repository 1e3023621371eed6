using Common.Platform;

namespace Kexec.Cli
{
    /// <summary>
    /// The parsed command line, as kexec-tools' main() leaves its do_* variables: what to do, in
    /// the order kexec-tools does it (status; unload; load; shutdown; sync; ifdown; exec; helper).
    /// </summary>
    internal sealed class KexecOptions
    {
        public bool DoStatus { get; set; }
        public bool DoUnload { get; set; }
        public bool DoLoad { get; set; }
        /// <summary>Run "shutdown -r now" after the load (a kernel given without -l, -p, -e or -f).</summary>
        public bool DoShutdown { get; set; }
        public bool DoSync { get; set; }
        public bool DoIfdown { get; set; }
        public bool DoExec { get; set; }
        public bool DoLoadJumpBackHelper { get; set; }
        public bool PrintCrashKernelSize { get; set; }
        public bool Panic { get; set; }
        public bool PreserveContext { get; set; }
        public string? KernelPath { get; set; }
        public string? Type { get; set; }
        public string? InitrdPath { get; set; }
        public string? Append { get; set; }
        public bool ReuseCmdline { get; set; }
        public ulong MemMin { get; set; }
        public ulong MemMax { get; set; } = ulong.MaxValue;
        public bool MemMinGiven { get; set; }
        public bool MemMaxGiven { get; set; }
        public bool Elf32CoreHeaders { get; set; }
        public bool Elf64CoreHeaders { get; set; }
        public ulong HelperEntry { get; set; }
        public bool HelperEntryGiven { get; set; }
        public bool ArgsNone { get; set; }
        public bool Entry32Bit { get; set; }
        /// <summary>-i: purgatory does not verify the segments.</summary>
        public bool SkipChecks { get; set; }
        /// <summary>--pass-memmap-cmdline: the crash kernel's memory map also as memmap=exactmap on its command line.</summary>
        public bool PassMemmapCmdline { get; set; }
        public bool DryRun { get; set; }
        public bool Json { get; set; }
        public bool Debug { get; set; }
        public bool FileSyscall { get; set; }
        /// <summary>-a: kexec_file_load first, kexec_load when the kernel cannot do it.</summary>
        public bool FileSyscallFallback { get; set; }

        /// <summary>The machine to load for (the running one unless a test says otherwise).</summary>
        public CpuArchitecture Architecture { get; set; } = LinuxSystem.Architecture;

        /// <summary>Root of /proc and /sys (tests point this at captured files).</summary>
        public string SystemRoot { get; set; } = "/";
    }
}
