using System;
using Bench.Build;
using Bench.Initramfs;

namespace Bench.Qemu
{
    /// <summary>A guest to boot: which kernel, what scenario its /init runs, what else it carries.</summary>
    public sealed record GuestSpec
    {
        /// <summary>Names the work folder (console log, images) under the cache's work/.</summary>
        public required string Name { get; init; }
        /// <summary>The body of /bench/scenario.sh (busybox sh, with Guest/lib.sh's helpers).</summary>
        public required string Script { get; init; }
        /// <summary>"x86_64" or "i386" (qemu-system-i386, Debian's i386 busybox, the tools under Mono; see Bench.I386).</summary>
        public string Arch { get; init; } = "x86_64";
        /// <summary>The kernel; null means our patched bench kernel for <see cref="Arch"/> (i386: without PAE).</summary>
        public string? KernelImage { get; init; }
        /// <summary>Put kexec, makedumpfile and krestore (NativeAOT) into /usr/bin.</summary>
        public bool WithTools { get; init; } = true;
        /// <summary>Adds files (a second kernel, an initramfs for it, test data...).</summary>
        public Action<InitramfsBuilder, string>? Customize { get; init; }
        public int MemoryMiB { get; init; } = 512;
        /// <summary>QEMU's -smp: more than one makes a jump take the other CPUs down and up (freeze_secondary_cpus).</summary>
        public int Cpus { get; init; } = 1;
        public string ExtraAppend { get; init; } = "";
        public string? Disk { get; init; }
        /// <summary>The guest's writes to <see cref="Disk"/> are thrown away at the end (a shared cached image).</summary>
        public bool DiskSnapshot { get; init; }
        public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);
    }
}
