using System.Collections.Generic;
using System.Linq;

namespace Kexec.Model
{
    /// <summary>
    /// What one kexec_load call hands the kernel, like the kernel's struct kimage
    /// (include/linux/kexec.h): segments, the entry point and the flags. Built completely
    /// and checked before any system call is made.
    /// </summary>
    internal sealed class KexecImage
    {
        public List<Segment> Segments { get; } = new List<Segment>();

        /// <summary>Physical address the kernel's relocate_kernel jumps to (normally the purgatory).</summary>
        public ulong Entry { get; set; }

        public KexecFlags Flags { get; set; }

        /// <summary>Kernel command line as the new kernel will see it (empty for non-kernels).</summary>
        public string CommandLine { get; set; } = "";

        /// <summary>Which loader built the image ("bzImage64", ...).</summary>
        public string LoaderName { get; set; } = "";

        /// <summary>Where the loaded kernel itself starts executing (startup_64 etc.), after the purgatory.</summary>
        public ulong KernelEntry { get; set; }

        /// <summary>Notes for --debug and the plan printer (why a choice was made).</summary>
        public List<string> Notes { get; } = new List<string>();

        public Segment? Find(string role) => Segments.FirstOrDefault(s => s.Role == role);

        public IEnumerable<Segment> SortedSegments => Segments.OrderBy(s => s.Destination);
    }
}
