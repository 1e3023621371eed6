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
            string name = context.Options.KernelPath ?? "file";
            var elf = ElfImage.Parse(file, name);
            if (!context.Options.ArgsNone)
                throw new KexecException($"{name}: an ELF executable that is not a Linux kernel loads only with --args-none");
            if (context.Options.InitrdPath != null || context.Options.Append != null || context.Options.ReuseCmdline)
                throw new KexecException("--args-none takes no --initrd, --append or --reuse-cmdline");
            var planner = new SegmentPlanner(context.AllowedMemory());
            var image = new KexecImage
            {
                LoaderName = Name,
                Flags = context.Kind == LoadKind.Crash ? KexecFlags.OnCrash : context.Kind == LoadKind.JumpBack ? KexecFlags.PreserveContext : KexecFlags.None,
            };
            bool entryInside = false;
            foreach (var ph in elf.Loads)
            {
                ulong start = SegmentPlanner.AlignDown(ph.PhysicalAddress, SegmentPlanner.PageSize);
                ulong lead = ph.PhysicalAddress - start;
                var buf = new byte[lead + ph.FileSize];
                Buffer.BlockCopy(file, (int)ph.Offset, buf, (int)lead, (int)ph.FileSize);
                var seg = planner.PlaceAt("program", buf, start, lead + ph.MemorySize);
                image.Segments.Add(seg);
                if (elf.Header.Entry >= ph.PhysicalAddress && elf.Header.Entry < ph.PhysicalAddress + ph.MemorySize) entryInside = true;
            }
            if (!entryInside)
                throw new KexecException($"{name}: entry point 0x{elf.Header.Entry:x} lies in no loadable segment");
            if (image.Segments.Count > KernelImageBuilder.MaxSegments)
                throw new KexecException($"{name}: {image.Segments.Count} segments, the kernel takes at most {KernelImageBuilder.MaxSegments}");
            image.Entry = elf.Header.Entry;
            image.KernelEntry = elf.Header.Entry;
            image.Notes.Add("--args-none: no purgatory, entered directly");
            return image;
        }
    }
}
