using System;
using Kexec.Model;
using Kexec.Planning;

namespace Kexec.Loaders.Elf
{
    /// <summary>
    /// An ELF executable that is no kernel, loaded with --args-none: its PT_LOADs at their physical
    /// addresses and the kernel's relocate_kernel jumping straight to e_entry, no purgatory and no
    /// boot protocol. With --load-preserve-context the code finds the return address into the old
    /// kernel on top of its stack (relocate_kernel_64.S, "call *%rdx") and may return there.
    /// </summary>
    internal sealed class ElfExecutableLoader : IImageLoader
    {
        public string Name => "elf-executable";

        public string Usage => "elf-executable: any ELF executable with --args-none; entered at e_entry with no arguments.";

        public bool Probe(byte[] file, LoadContext context)
        {
            if (!ElfImage.LooksLikeElf(file)) return false;
            try
            {
                var img = ElfImage.Parse(file, "file", checkRanges: false);
                return ElfVmlinuxLoader.MachineMatches(img.Header, context);
            }
            catch (KexecException)
            {
                return false;
            }
        }

        public KexecImage Load(byte[] file, LoadContext context)
        {
            string name = context.Request.KernelPath ?? "file";
            var elf = ElfImage.Parse(file, name);
            if (!context.Request.ArgsNone)
                throw new KexecException($"{name}: an ELF executable that is not a Linux kernel loads only with --args-none");
            if (context.Request.KernelArgumentsGiven)
                throw new KexecException("--args-none takes no --initrd, --append or --reuse-cmdline");
            var planner = new SegmentPlanner(context.AllowedMemory());
            var image = context.NewImage(Name);
            foreach (var ph in elf.Loads)
            {
                ulong start = SegmentPlanner.AlignDown(ph.PhysicalAddress, SegmentPlanner.PageSize);
                ulong lead = ph.PhysicalAddress - start;
                var buf = new byte[lead + ph.FileSize];
                Buffer.BlockCopy(file, (int)ph.Offset, buf, (int)lead, (int)ph.FileSize);
                image.Segments.Add(planner.PlaceAt("program", buf, start, lead + ph.MemorySize));
            }
            // The segment count and "the entry lies in a segment" are KimageChecks' rules.
            image.Entry = elf.Header.Entry;
            image.KernelEntry = elf.Header.Entry;
            image.Notes.Add("--args-none: no purgatory, entered directly");
            return image;
        }
    }
}
