using Common.Platform;
using Kexec.Loaders.BzImage;
using Kexec.Model;
using Kexec.Purgatory;

namespace Kexec.Loaders.BzImage64
{
    /// <summary>
    /// bzImage through the 64-bit boot protocol (Documentation/arch/x86/boot.rst, "64-bit Boot
    /// Protocol"): the protected-mode kernel is entered at startup_64, load address + 0x200, in
    /// long mode with rSI pointing at boot_params.
    /// </summary>
    internal sealed class BzImage64Loader : IImageLoader
    {
        /// <summary>startup_64's offset from the protected-mode kernel's start (boot.rst).</summary>
        public const ulong Startup64Offset = 0x200;

        public string Name => "bzImage64";

        public string Usage => "bzImage64: x86_64 bzImage, entered at startup_64 (64-bit boot protocol, 2.12+). Options: --initrd, --append, --reuse-cmdline.";

        public bool Probe(byte[] file, LoadContext context)
        {
            if (context.Architecture != CpuArchitecture.X86_64 || context.Request.Entry32Bit) return false;
            if (!SetupHeader.Probe(file) || file.Length < 0x238) return false;
            ushort version = (ushort)(file[0x206] | file[0x207] << 8);
            ushort xloadflags = (ushort)(file[0x236] | file[0x237] << 8);
            return version >= 0x020c && (xloadflags & SetupHeader.XlfKernel64) != 0;
        }

        public KexecImage Load(byte[] file, LoadContext context)
        {
            var h = SetupHeader.Parse(file, context.Request.KernelPath ?? "kernel");
            if (!h.Has64BitEntry)
                throw new KexecException("this bzImage has no 64-bit entry (xloadflags lacks XLF_KERNEL_64); try --entry-32bit");
            var b = new KernelImageBuilder(context, Name);
            b.AddCoreHeaderIfNeeded();
            var kernel = BzImageLayout.PlaceKernel(b, h, file);
            var initrd = BzImageLayout.PlaceInitrd(b, h, context.Initrd);
            var (bp, cmdline) = BzImageLayout.PlaceBootParams(b, h, file, kernel, initrd, entry64: true);
            b.Finish(PurgatoryMode.Long64, kernel.Destination + Startup64Offset, bp.Destination, cmdline);
            return b.Image;
        }
    }
}
