using System;
using Bench.Build;
using Bench.I386;
using Bench.Initramfs;

namespace Bench.Qemu
{
    /// <summary>
    /// One bench kernel flavour as data: its guest architecture and what a scenario sees of it
    /// (release, native core class, loader, uname -m), so a test is one theory over the
    /// flavours instead of an x86_64 class and an i386 twin.
    /// </summary>
    public sealed record BenchKernel
    {
        /// <summary>native/build-kernel.sh's flavour: "x86_64", "x86_64-7.3", "i386" or "i386-pae".</summary>
        public required string Flavour { get; init; }
        /// <summary>The guest architecture (<see cref="GuestSpec.Arch"/>).</summary>
        public required string Arch { get; init; }
        /// <summary>ELF class of the kernel's own cores (struct elfhdr): /proc/kimgcore, and /proc/vmcore under kexec's default.</summary>
        public required int CoreElfClass { get; init; }
        /// <summary>e_machine of those cores (EM_X86_64 62, EM_386 3).</summary>
        public required int CoreElfMachine { get; init; }
        /// <summary>uname -m in the guest.</summary>
        public required string UnameMachine { get; init; }
        /// <summary>The loader kexec -d names for the flavour's bzImage.</summary>
        public required string BzImageLoader { get; init; }
        /// <summary>crashkernel= for a capture kernel with B's initramfs (i386: lowmem is short, B's initramfs small).</summary>
        public required string CrashKernel { get; init; }
        /// <summary>SIZE(kimage_entry_t) in the kernel's VMCOREINFO: one word of a kexec image's entry list.</summary>
        public required int EntryWordBytes { get; init; }
        /// <summary>
        /// NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET) in the kernel's VMCOREINFO: where image->head lies
        /// in the control page (6.12: a fixed slot of relocate_kernel_{64,32}.S, 0x830 and 0x81c);
        /// null where it follows from the size of relocate_kernel's code (7.3, native/README.md).
        /// </summary>
        public int? EntryListOffset { get; init; }
        /// <summary>Our tools run as NativeAOT binaries in its guests; false: under Mono (i386), where a tool's start costs 2-10 s under TCG.</summary>
        public bool NativeTools { get; init; } = true;
        /// <summary>How much longer a scenario may take than on x86_64 (i386: TCG and Mono, ~4 s per tool start).</summary>
        public double TimeoutFactor { get; init; } = 1;
        /// <summary>
        /// Debian's makedumpfile 1.7.2 (an x86_64 build) reads this flavour's dumps. It fails on
        /// i386 images (measured: "vtop4_x86_64: Can't get the symbol of init_level4_pgt/init_top_pgt").
        /// </summary>
        public bool DebianMakedumpfileReads { get; init; } = true;

        public static BenchKernel X86_64 { get; } = new()
        {
            Flavour = "x86_64", Arch = "x86_64", CoreElfClass = 2, CoreElfMachine = 62,
            UnameMachine = "x86_64", BzImageLoader = "bzImage64", CrashKernel = "128M",
            EntryWordBytes = 8, EntryListOffset = 0x830,
        };

        public static BenchKernel X86_64_7_3 { get; } = X86_64 with { Flavour = KernelBuild.X86_64_7_3, EntryListOffset = null };

        public static BenchKernel I386 { get; } = new()
        {
            Flavour = "i386", Arch = "i386", CoreElfClass = 1, CoreElfMachine = 3,
            UnameMachine = "i686", BzImageLoader = "bzImage32", CrashKernel = "64M",
            EntryWordBytes = 4, EntryListOffset = 0x81c,
            TimeoutFactor = 2, DebianMakedumpfileReads = false, NativeTools = false,
        };

        public static BenchKernel I386Pae { get; } = I386 with { Flavour = "i386-pae" };

        public static BenchKernel For(string flavour) => flavour switch
        {
            "x86_64" => X86_64,
            KernelBuild.X86_64_7_3 => X86_64_7_3,
            "i386" => I386,
            "i386-pae" => I386Pae,
            _ => throw new ArgumentException($"no bench kernel '{flavour}' (x86_64, {KernelBuild.X86_64_7_3}, i386, i386-pae)"),
        };

        /// <summary>The bzImage to boot; null: the architecture's default bench kernel (x86_64's 6.12, GuestSpec's default).</summary>
        public string? KernelImage => Flavour == "x86_64" ? null : KernelBuild.Get(Flavour).BzImage;

        /// <summary>uname -r starts with this.</summary>
        public string ReleasePrefix => KernelBuild.ReleasePrefix(Flavour);

        /// <summary>A guest name: the scenario's, prefixed with the flavour when it is not x86_64's 6.12 kernel.</summary>
        public string GuestName(string scenario) => Flavour == "x86_64" ? scenario : Flavour + "-" + scenario;

        public TimeSpan Timeout(TimeSpan onX86_64) => TimeSpan.FromSeconds(onX86_64.TotalSeconds * TimeoutFactor);

        /// <summary>
        /// Packs kernel B of this flavour with the given scenario into A's initramfs (a
        /// <see cref="GuestSpec.Customize"/> action). i386 without tools keeps B's initramfs
        /// under 1 MB (no Mono), which matters for a crash region and for the purgatory's hashing.
        /// </summary>
        public Action<InitramfsBuilder, string> PackB(string script, bool withTools = true, bool withVmlinux = false)
        {
            if (Arch == "i386")
                return new I386SecondKernel { Script = script, WithTools = withTools, WithVmlinux = withVmlinux, Flavour = Flavour }.AddTo;
            var b = new SecondKernel { Script = script, KernelImage = KernelImage, WithTools = withTools };
            if (!withVmlinux) return b.AddTo;
            return (a, work) =>
            {
                b.AddTo(a, work);
                a.AddHostFile(GuestVmlinuxPath, KernelBuild.Get(Flavour).Vmlinux);
            };
        }

        /// <summary>Where <see cref="PackB"/> puts B's vmlinux in A.</summary>
        public const string GuestVmlinuxPath = I386SecondKernel.GuestVmlinuxPath;
    }
}
