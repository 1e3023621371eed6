using System.IO;
using Bench.Build;
using Bench.Initramfs;
using Bench.Qemu;

namespace Bench.I386
{
    /// <summary>
    /// Kernel B of a two-kernel i386 scenario, packed into A's initramfs at the same paths as
    /// <see cref="SecondKernel"/>'s. B's initramfs has Debian's i386 busybox, and with
    /// <see cref="WithTools"/> also Mono and our net472 tools (about 17 MB compressed, 31 MB
    /// unpacked); without them it is well under 1 MB, which matters for the crash region and
    /// for the time the purgatory spends hashing under TCG.
    /// </summary>
    public sealed record I386SecondKernel
    {
        /// <summary>B's /bench/scenario.sh.</summary>
        public required string Script { get; init; }
        /// <summary>Bench kernel flavour of B: "i386" or "i386-pae".</summary>
        public string Flavour { get; init; } = "i386";
        public bool WithTools { get; init; }
        /// <summary>Also pack B's uncompressed ELF kernel (vmlinux, about 7 MB) at <see cref="GuestVmlinuxPath"/>.</summary>
        public bool WithVmlinux { get; init; }

        public const string GuestVmlinuxPath = "/boot/vmlinux-b";

        /// <summary>Adds B's kernel and initramfs to A's initramfs (a <see cref="GuestSpec.Customize"/> action).</summary>
        public void AddTo(InitramfsBuilder a, string workDir)
        {
            var b = new InitramfsBuilder(Script);
            I386Userland userland = I386Userland.Get();
            if (WithTools) I386Initramfs.AddTo(b, withTools: true);
            else I386Initramfs.AddBusybox(b, userland);
            string initrd = b.Write(Path.Combine(workDir, "initramfs-b.cpio.gz"));
            KernelArtifacts kernel = KernelBuild.Get(Flavour);
            a.AddHostFile(SecondKernel.GuestKernelPath, kernel.BzImage);
            if (WithVmlinux) a.AddHostFile(GuestVmlinuxPath, kernel.Vmlinux);
            a.AddHostFile(SecondKernel.GuestInitrdPath, initrd);
        }
    }
}
