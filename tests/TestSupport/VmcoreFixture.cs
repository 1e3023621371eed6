using System.IO;

namespace TestSupport
{
    /// <summary>
    /// A real vmcore made by the bench: QEMU's dump-guest-memory of a guest that ran a
    /// workload (page cache, anonymous memory, zero pages, free memory), in QEMU's ELF layout
    /// and in QEMU's own kdump-compressed (zlib) format, with what the guest reported.
    /// </summary>
    public sealed record VmcoreFixture(string Folder)
    {
        /// <summary>ELF core as QEMU writes it (program headers after the section headers, e_phoff honoured).</summary>
        public string Elf => Path.Combine(Folder, "vmcore.elf");
        /// <summary>The same memory, written by QEMU as kdump-compressed with zlib.</summary>
        public string KdumpZlib => Path.Combine(Folder, "vmcore.kdump-zlib");
        /// <summary>/proc/meminfo right before the dump.</summary>
        public string MemInfo => Path.Combine(Folder, "meminfo.txt");
        /// <summary>/proc/iomem of the guest.</summary>
        public string IoMem => Path.Combine(Folder, "iomem.txt");
        /// <summary>/sys/firmware/memmap entries of the guest ("start end type" per line).</summary>
        public string FirmwareMemmap => Path.Combine(Folder, "memmap.txt");
        /// <summary>A string the guest wrote into a tmpfs file and into an anonymous mapping.</summary>
        public string MarkerFile => Path.Combine(Folder, "marker.txt");
        public string ConsoleLog => Path.Combine(Folder, "console.log");
        /// <summary>uname -r of the dumped kernel.</summary>
        public string KernelRelease => File.ReadAllText(Path.Combine(Folder, "release.txt")).Trim();
    }
}
