using Common.Platform;
using Kexec.Cli;

namespace Kexec.Loaders
{
    /// <summary>
    /// The command-line values the loaders use, and no others: loaders read this, not KexecOptions,
    /// so what a load depends on is listed here and a test can build one without a command line.
    /// </summary>
    internal sealed record LoadRequest
    {
        public LoadKind Kind { get; init; }
        public CpuArchitecture Architecture { get; init; } = CpuArchitecture.X86_64;

        /// <summary>The kernel file's name for messages; null when unknown.</summary>
        public string? KernelPath { get; init; }

        /// <summary>-t/--type: a loader's name or alias, null to probe.</summary>
        public string? Type { get; init; }

        public ulong MemMin { get; init; }
        public ulong MemMax { get; init; } = ulong.MaxValue;
        public bool ArgsNone { get; init; }
        public bool Entry32Bit { get; init; }
        public bool Elf32CoreHeaders { get; init; }
        public bool Elf64CoreHeaders { get; init; }
        public bool PassMemmapCmdline { get; init; }

        /// <summary>-i (kexec-tools skip_checks): the purgatory verifies nothing.</summary>
        public bool SkipChecks { get; init; }

        /// <summary>--initrd, --append or --reuse-cmdline was given (which --args-none refuses).</summary>
        public bool KernelArgumentsGiven { get; init; }

        public static LoadRequest From(KexecOptions o) => new LoadRequest
        {
            Kind = o.Panic ? LoadKind.Crash : o.PreserveContext ? LoadKind.JumpBack : LoadKind.Normal,
            Architecture = o.Architecture,
            KernelPath = o.KernelPath,
            Type = o.Type,
            MemMin = o.MemMin,
            MemMax = o.MemMax,
            ArgsNone = o.ArgsNone,
            Entry32Bit = o.Entry32Bit,
            Elf32CoreHeaders = o.Elf32CoreHeaders,
            Elf64CoreHeaders = o.Elf64CoreHeaders,
            PassMemmapCmdline = o.PassMemmapCmdline,
            SkipChecks = o.SkipChecks,
            KernelArgumentsGiven = o.InitrdPath != null || o.Append != null || o.ReuseCmdline,
        };
    }
}
