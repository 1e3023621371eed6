using System;
using Kexec.Model;
using Kexec.Planning;

namespace Kexec.Loaders.BzImage
{
    /// <summary>Placement shared by the 64- and 32-bit bzImage loaders (Documentation/arch/x86/boot.rst).</summary>
    internal static class BzImageLayout
    {
        /// <summary>Places the protected-mode kernel: at pref_address if it is free, else as low as alignment allows;
        /// keeps [load, load + init_size) for the decompressor.</summary>
        public static Segment PlaceKernel(KernelImageBuilder b, SetupHeader h, byte[] file)
        {
            int length = file.Length - h.KernelOffset;
            var kernel = new byte[length];
            Buffer.BlockCopy(file, h.KernelOffset, kernel, 0, length);
            ulong initSize = Math.Max((ulong)h.InitSize, (ulong)length);
            initSize = SegmentPlanner.AlignUp(initSize, SegmentPlanner.PageSize);
            ulong align = Math.Max((ulong)h.KernelAlignment, SegmentPlanner.PageSize);
            ulong load;
            if (!h.Relocatable)
            {
                load = h.PrefAddress;
                if (load < b.PlaceMin || load + initSize - 1 > b.PlaceMax)
                    throw new KexecException($"the kernel is not relocatable and must load at 0x{load:x}, outside the allowed memory");
                b.Planner.FindHole("kernel", initSize, SegmentPlanner.PageSize, load, load + initSize - 1, topDown: false);
            }
            else
            {
                // The decompressor runs in place and extracts at max(load address, LOAD_PHYSICAL_ADDR)
                // (arch/x86/boot/compressed/head_64.S), so at or above pref_address it stays inside our hole.
                try
                {
                    load = b.Planner.FindHole("kernel", initSize, align, Math.Max(b.PlaceMin, h.PrefAddress), b.PlaceMax, topDown: false);
                }
                catch (KexecException)
                {
                    load = b.Planner.FindHole("kernel", initSize, align, b.PlaceMin, b.PlaceMax, topDown: false);
                }
            }
            // memsz = init_size: the 64-bit protocol wants [load, load + init_size) identity mapped
            // (boot.rst), and the kernel's kexec page tables map segments, not reserved memory
            // (arch/x86/kernel/machine_kexec_64.c, init_pgtable). Seen in QEMU: with memsz = the
            // file size, a jump-back kernel in a memmap=$ region faulted on its decompressor stack.
            var seg = b.Add(b.Planner.PlaceAt("kernel", kernel, load, initSize));
            b.Image.Notes.Add($"kernel: 0x{length:x} bytes at 0x{load:x}, memsz init_size 0x{initSize:x}, alignment 0x{align:x}");
            return seg;
        }

        public static Segment? PlaceInitrd(KernelImageBuilder b, SetupHeader h, byte[]? initrd)
        {
            if (initrd == null) return null;
            ulong max = h.CanLoadAbove4G ? b.PlaceMax : Math.Min(b.PlaceMax, (ulong)h.InitrdAddrMax);
            return b.Add(b.Planner.Place("initrd", initrd, (ulong)initrd.Length, SegmentPlanner.PageSize, b.PlaceMin, max, topDown: true));
        }

        /// <summary>Zero page and command line in one segment below 4 GiB; returns it and the command line's address.</summary>
        public static (Segment Segment, ulong CommandLine) PlaceBootParams(KernelImageBuilder b, SetupHeader h, byte[] file,
            Segment kernel, Segment? initrd, bool entry64)
        {
            b.CheckCommandLine(h.CmdlineSize);
            byte[] cmdline = b.CommandLineBytes();
            var bp = new BootParams(file, h);
            var buffer = new byte[BootParams.Size + cmdline.Length];
            ulong at = b.Planner.FindHole("boot parameters", (ulong)buffer.Length, SegmentPlanner.PageSize, b.PlaceMin,
                Math.Min(b.PlaceMax, 0xffffffffUL), topDown: true);
            ulong cmdlineAddress = at + BootParams.Size;
            bp.SetCommandLine(cmdlineAddress);
            if (initrd != null) bp.SetInitrd(initrd.Destination, (ulong)initrd.Buffer.Length);
            bp.SetCode32Start((uint)kernel.Destination);
            bp.SetE820(b.E820());
            bp.Bytes.CopyTo(buffer, 0);
            cmdline.CopyTo(buffer, BootParams.Size);
            var seg = b.Add(b.Planner.PlaceAt("boot-params", buffer, at, (ulong)buffer.Length));
            b.Image.Notes.Add($"boot_params: {bp.E820Count} e820 entries, {(entry64 ? "64" : "32")}-bit entry");
            return (seg, cmdlineAddress);
        }
    }
}
