using System;
using System.IO;
using Bench.Build;
using Bench.Initramfs;

namespace Bench.Qemu
{
    /// <summary>
    /// Kernel B of a two-kernel scenario: a bzImage and an initramfs with its own scenario
    /// script, packed into kernel A's initramfs as /boot/bzImage-b and /boot/initrd-b.cpio.gz,
    /// so A's scenario can kexec into B (or jump to it and back).
    /// </summary>
    public sealed record SecondKernel
    {
        public const string GuestKernelPath = "/boot/bzImage-b";
        public const string GuestInitrdPath = "/boot/initrd-b.cpio.gz";

        /// <summary>B's /bench/scenario.sh.</summary>
        public required string Script { get; init; }
        /// <summary>B's kernel; null means the same bench kernel as A.</summary>
        public string? KernelImage { get; init; }
        public bool WithTools { get; init; } = true;
        /// <summary>Adds files to B's initramfs (programs B's script runs).</summary>
        public Action<InitramfsBuilder>? Customize { get; init; }

        /// <summary>Adds B's kernel and initramfs to A's initramfs.</summary>
        public void AddTo(InitramfsBuilder a, string workDir)
        {
            var b = new InitramfsBuilder(Script);
            if (WithTools) b.AddTools(ToolPublisher.Publish());
            Customize?.Invoke(b);
            string initrd = b.Write(Path.Combine(workDir, "initramfs-b.cpio.gz"));
            a.AddHostFile(GuestKernelPath, KernelImage ?? KernelBuild.Get("x86_64").BzImage);
            a.AddHostFile(GuestInitrdPath, initrd);
        }
    }
}
