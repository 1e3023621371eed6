using System.Collections.Generic;
using Common.Memory;

namespace KRestore.Cli
{
    /// <summary>What the command line asked for.</summary>
    internal sealed class RestoreOptions
    {
        public const string DefaultTarget = "/dev/oldmem";
        public const string DefaultTargetCore = "/proc/vmcore";

        /// <summary>The image file, or null with -R (flattened stream on standard input).</summary>
        public string? Image { get; set; }
        public bool FromStdin { get; set; }
        public string Target { get; set; } = DefaultTarget;
        public string TargetCore { get; set; } = DefaultTargetCore;
        /// <summary>--target-ranges: the target's RAM given directly instead of by a core file.</summary>
        public RangeSet? TargetRanges { get; set; }
        public string SystemRoot { get; set; } = "/";
        public string? TempDir { get; set; }
        /// <summary>--jump-back-entry: used when the image carries no KEXEC_JUMP note.</summary>
        public ulong? JumpBackEntry { get; set; }
        public bool DryRun { get; set; }
        public bool Force { get; set; }
        /// <summary>--allow-no-digests: restore an image that has no digest trailer, unchecked.</summary>
        public bool AllowNoDigests { get; set; }
        /// <summary>--check-pages: decode every page before the first write even when the digests match.</summary>
        public bool CheckPages { get; set; }
        public bool Verify { get; set; } = true;
        public bool Json { get; set; }
        public int MessageLevel { get; set; } = ToolHost.Output.MessageLevel.Default;
        public int Threads { get; set; }
        /// <summary>The streams of this run (standard input for -R).</summary>
        public ToolHost.ToolIO IO { get; set; } = ToolHost.ToolIO.FromConsole();
    }
}
