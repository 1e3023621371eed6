using System;
using System.Buffers.Binary;
using Common.Elf;
using Common.Platform;
using Kexec.Loaders.BzImage;
using Kexec.Model;
using Kexec.Planning;
using Kexec.Purgatory;

namespace Kexec.Loaders.Elf
{
    /// <summary>
    /// An uncompressed ELF kernel (vmlinux): its PT_LOADs go to their physical addresses and the
    /// purgatory enters e_entry (phys_startup_64 / phys_startup_32, arch/x86/kernel/vmlinux.lds.S)
    /// with boot_params built from a synthetic setup header, as a boot loader would.
    /// </summary>
    internal sealed class ElfVmlinuxLoader : IImageLoader
    {
        /// <summary>COMMAND_LINE_SIZE on x86 (arch/x86/include/asm/setup.h).</summary>
        private const uint CommandLineSize = 2048;

        public string Name => "elf-vmlinux";

        public string Usage => "elf-vmlinux: ELF kernel image (vmlinux), segments at their physical addresses. Options: --initrd, --append, --reuse-cmdline.";

        public bool Probe(byte[] file, LoadContext context)
        {
            if (context.Request.ArgsNone || !ElfImage.LooksLikeElf(file)) return false;
            try
            {
                var img = ElfImage.Parse(file, "kernel", checkRanges: false);
                return MachineMatches(img.Header, context) && img.HasLinuxNote;
            }
            catch (KexecException)
            {
                return false;
            }
        }

        internal static bool MachineMatches(ElfHeader h, LoadContext context) =>
            context.Architecture == CpuArchitecture.X86_64
                ? h.Machine == ElfConstants.MachineX86_64 || h.Machine == ElfConstants.MachineI386
                : h.Machine == ElfConstants.MachineI386;

        public KexecImage Load(byte[] file, LoadContext context)
        {
            string name = context.Request.KernelPath ?? "kernel";
            var elf = ElfImage.Parse(file, name);
            if (!MachineMatches(elf.Header, context))
                throw new KexecException($"{name}: ELF machine {elf.Header.Machine} cannot run here");
            bool entry64 = elf.Header.Machine == ElfConstants.MachineX86_64 && !context.Request.Entry32Bit;
            var b = new KernelImageBuilder(context, Name);
            b.AddCoreHeaderIfNeeded();
            ulong low = ulong.MaxValue, high = 0;
            foreach (var ph in elf.Loads)
            {
                ulong start = SegmentPlanner.AlignDown(ph.PhysicalAddress, SegmentPlanner.PageSize);
                ulong lead = ph.PhysicalAddress - start;
                var buf = new byte[lead + ph.FileSize];
                Buffer.BlockCopy(file, (int)ph.Offset, buf, (int)lead, (int)ph.FileSize);
                b.Add(b.Planner.PlaceAt("kernel", buf, start, lead + ph.MemorySize));
                low = Math.Min(low, start);
                high = Math.Max(high, ph.PhysicalAddress + ph.MemorySize);
            }
            byte[] header = SyntheticSetupHeader(entry64, (uint)(high - low));
            var h = SetupHeader.Parse(header, name);
            var initrd = BzImageLayout.PlaceInitrd(b, h, context.Initrd);
            var kernelStart = new Segment("kernel", new byte[0], low, 0);
            var (bp, cmdline) = BzImageLayout.PlaceBootParams(b, h, header, kernelStart, initrd, entry64);
            PurgatoryMode mode = entry64 ? PurgatoryMode.Long64
                : context.Architecture == CpuArchitecture.X86_64 ? PurgatoryMode.Long64To32 : PurgatoryMode.Protected32;
            b.Finish(mode, elf.Header.Entry, bp.Destination, cmdline);
            return b.Image;
        }

        /// <summary>A setup header (boot.rst) for a kernel that came without one: protocol 2.15, loaded high.</summary>
        private static byte[] SyntheticSetupHeader(bool entry64, uint initSize)
        {
            var h = new byte[0x270];
            h[0x1f1] = 0; // setup_sects: none; KernelOffset is never used for vmlinux
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(0x1fe), SetupHeader.BootFlagMagic);
            h[0x200] = 0xeb;
            h[0x201] = 0x6a; // header ends at 0x26c (kernel_info_offset)
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0x202), SetupHeader.HdrSMagic);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(0x206), 0x020f);
            h[0x211] = SetupHeader.LoadedHigh;
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0x22c), 0x7fffffff);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0x230), 0x200000);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(0x236),
                (ushort)(entry64 ? SetupHeader.XlfKernel64 | SetupHeader.XlfCanBeLoadedAbove4G : 0));
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0x238), CommandLineSize);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(0x258), 0x1000000);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0x260), initSize);
            // syssize stays 0 and setup_sects 0: Parse then checks only that 0x800 <= file length.
            Array.Resize(ref h, 0x1000);
            return h;
        }
    }
}
