using Common.Platform;

namespace Kexec.Cli
{
    /// <summary>What the command line asked for.</summary>
    internal enum KexecAction
    {
        None,
        Load,
        LoadAndExec,
        Exec,
        Unload,
        Status,
        LoadJumpBackHelper,
    }

    /// <summary>The parsed command line, independent of System.CommandLine.</summary>
    internal sealed class KexecOptions
    {
        public KexecAction Action { get; set; }
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
        public bool ArgsNone { get; set; }
        public bool Entry32Bit { get; set; }
        public bool DryRun { get; set; }
        public bool Json { get; set; }
        public bool Debug { get; set; }
        public bool Force { get; set; }
        public bool FileSyscall { get; set; }
        public bool KexecSyscall { get; set; }

        /// <summary>The machine to load for (the running one unless a test says otherwise).</summary>
        public CpuArchitecture Architecture { get; set; } = LinuxSystem.Architecture;

        /// <summary>Root of /proc and /sys (tests point this at captured files).</summary>
        public string SystemRoot { get; set; } = "/";
    }
}
