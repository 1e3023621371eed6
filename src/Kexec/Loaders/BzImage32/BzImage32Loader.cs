using Common.Platform;
using Kexec.Loaders.BzImage;
using Kexec.Model;
using Kexec.Purgatory;

namespace Kexec.Loaders.BzImage32
{
    /// <summary>
    /// bzImage through the 32-bit boot protocol (Documentation/arch/x86/boot.rst, "32-bit Boot
    /// Protocol"): entered at code32_start, the protected-mode kernel's load address, in flat
    /// 32-bit protected mode with paging off and eSI = boot_params. Used on i386, and on x86_64
    /// with --entry-32bit (the purgatory leaves long mode first).
    /// </summary>
    internal sealed class BzImage32Loader : IImageLoader
    {
        public string Name => "bzImage32";

        public string Usage => "bzImage32: bzImage entered at its 32-bit entry (i386, or --entry-32bit on x86_64). Options: --initrd, --append, --reuse-cmdline.";

        public bool Probe(byte[] file, LoadContext context)
        {
            if (!SetupHeader.Probe(file) || file.Length < 0x238) return false;
            ushort version = (ushort)(file[0x206] | file[0x207] << 8);
            bool loadedHigh = (file[0x211] & SetupHeader.LoadedHigh) != 0;
            return version >= 0x0206 && loadedHigh;
        }

        public KexecImage Load(byte[] file, LoadContext context)
        {
            var h = SetupHeader.Parse(file, context.Request.KernelPath ?? "kernel");
            if ((h.LoadFlags & SetupHeader.LoadedHigh) == 0)
                throw new KexecException("this is a zImage (loaded low), not a bzImage");
            var b = new KernelImageBuilder(context, Name);
            b.AddCoreHeaderIfNeeded();
            var kernel = BzImageLayout.PlaceKernel(b, h, file);
            if (kernel.Destination + kernel.MemorySize > 0x100000000UL)
                throw new KexecException("the 32-bit entry needs the kernel below 4 GiB");
            var initrd = BzImageLayout.PlaceInitrd(b, h, context.Initrd);
            var (bp, cmdline) = BzImageLayout.PlaceBootParams(b, h, file, kernel, initrd, entry64: false);
            var mode = context.Architecture == CpuArchitecture.X86_64 ? PurgatoryMode.Long64To32 : PurgatoryMode.Protected32;
            b.Finish(mode, kernel.Destination, bp.Destination, cmdline);
            return b.Image;
        }
    }
}
