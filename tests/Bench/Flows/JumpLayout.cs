using System;
using Bench.Build;
using Bench.I386;
using Bench.Initramfs;
using Bench.Qemu;

namespace Bench.Flows
{
    /// <summary>
    /// Where kernel B lives in the two-kernel flows of one guest architecture, the command
    /// that loads it, and how B is packed. B's 96 MiB are kept free in A with memmap= (as the
    /// original design reserved a region for the second kernel), so none of A's own pages lie
    /// in B's range and /proc/vmcore in B shows all of A (native/README.md, "Layout", items
    /// 3-5; i386: "i386", B's range).
    /// </summary>
    public sealed record JumpLayout
    {
        /// <summary>The kernel A and B run (its architecture, release, timeouts).</summary>
        public required BenchKernel Kernel { get; init; }
        public required string MemMin { get; init; }
        public required string MemMax { get; init; }
        public required string ReserveInA { get; init; }
        /// <summary>MiB of tmpfs data A holds in the hibernation flow (HibernationFlow.FillMiB where A's memory allows).</summary>
        public int HibernationFillMiB { get; init; } = HibernationFlow.FillMiB;

        public string Arch => Kernel.Arch;

        public static JumpLayout X86_64 { get; } = new()
        {
            Kernel = BenchKernel.X86_64,
            MemMin = "0x1000000",
            MemMax = "0x6ffffff",
            ReserveInA = "memmap=96M$0x1000000",
        };

        /// <summary>
        /// i386: B's bzImage needs 7 MiB and its initramfs with Mono 31 MiB unpacked, and A's
        /// non-PAE kernel may sit at 16 MiB, so B's 96 MiB start at 32 MiB (Kexec.JumpRoundTripTests measured what B needs).
        /// </summary>
        public static JumpLayout I386 { get; } = new()
        {
            Kernel = BenchKernel.I386,
            MemMin = "0x2000000",
            MemMax = "0x7ffffff",
            ReserveInA = "memmap=96M$0x2000000",
            // A's rootfs also holds Mono and B's 15 MB initramfs, and kexec under Mono needs
            // about 90 MB; with 216 MiB of fill (125 MB available) the OOM killer stopped it.
            HibernationFillMiB = 120,
        };

        /// <summary>
        /// i386 with PAE (3-level page tables, 64-bit entries) for A, B and the resuming kernel,
        /// in B's same range, with which JumpRoundTripTests also jumps on PAE. The
        /// guest keeps 512 MiB, all lowmem: what PAE changes for the
        /// flows is the page table format B's makedumpfile walks and the 32-bit return path
        /// with PAE paging (patch 10); highmem is not PAE's (HIGHMEM4G has it too) and the
        /// fixtures cover it (FixtureMaker.I386, 1280 MiB).
        /// </summary>
        public static JumpLayout I386Pae { get; } = I386 with { Kernel = BenchKernel.I386Pae };

        /// <summary>x86_64 with both kernels built from Debian's linux-source-7.3 (kjump convention of 6.14 on).</summary>
        public static JumpLayout X86_64_7_3 { get; } = X86_64 with { Kernel = BenchKernel.X86_64_7_3 };

        /// <summary>The layout for a kernel flavour: "x86_64", "i386", "i386-pae" or "x86_64-7.3".</summary>
        public static JumpLayout For(string flavour) => flavour switch
        {
            "x86_64" => X86_64,
            "i386" => I386,
            "i386-pae" => I386Pae,
            KernelBuild.X86_64_7_3 => X86_64_7_3,
            _ => throw new ArgumentException($"no jump layout for kernel flavour '{flavour}' (x86_64, i386, i386-pae, {KernelBuild.X86_64_7_3})"),
        };

        /// <summary>A guest name for a flow: the flow's name, prefixed with the flavour when it is not x86_64's 6.12 kernel.</summary>
        public string GuestName(string flow) => Kernel.GuestName(flow);

        /// <summary>The bzImage A and B boot; null: the bench kernel of <see cref="Arch"/>.</summary>
        public string? KernelImage => Kernel.KernelImage;

        public TimeSpan Timeout(TimeSpan onX86_64) => Kernel.Timeout(onX86_64);

        /// <summary>
        /// Kernel A's guest for a flow: this architecture, B's range kept free with memmap=,
        /// the timeout scaled for the architecture, and B packed by <paramref name="customize"/>.
        /// </summary>
        public GuestSpec GuestA(string flow, TimeSpan timeoutOnX86_64, string script, Action<InitramfsBuilder, string> customize, string? disk = null) => new()
        {
            Name = GuestName(flow),
            Arch = Arch,
            KernelImage = KernelImage,
            ExtraAppend = ReserveInA,
            Disk = disk,
            Timeout = Timeout(timeoutOnX86_64),
            Script = script,
            Customize = customize,
        };

        /// <summary>A's kexec command that loads B (packed by <see cref="PackB"/>) as a jump-back image.</summary>
        public string LoadB(string role) =>
            $"kexec --load-jump-back {SecondKernel.GuestKernelPath} --mem-min={MemMin} --mem-max={MemMax} " +
            $"--elf64-core-headers --initrd={SecondKernel.GuestInitrdPath} --append=\"console=ttyS0 panic=-1 loglevel=4 bench.role={role}\"";

        /// <summary>Packs B, with our tools and the given scenario, into A's initramfs (a <see cref="GuestSpec.Customize"/> action).</summary>
        public Action<InitramfsBuilder, string> PackB(string script) => Kernel.PackB(script);

        /// <summary>The findoff guest helper built for this architecture.</summary>
        public string FindOff() => GuestHelpers.FindOff(Arch);

        /// <summary>B's shell line that sets $entry from kexec_jump_back_entry= on its command line (Guest/lib.sh).</summary>
        public const string ReadEntry = "read_jump_back_entry";
    }
}
