using System.Collections.Generic;
using System.Linq;
using Kexec.Memory;

namespace Kexec.Model
{
    /// <summary>
    /// What one kexec_load call hands the kernel, like the kernel's struct kimage
    /// (include/linux/kexec.h): segments, the entry point and the flags. Built completely,
    /// then checked by <see cref="Validate"/> before any system call is made.
    /// </summary>
    internal sealed class KexecImage
    {
        /// <summary>KEXEC_SEGMENT_MAX, include/linux/kexec.h.</summary>
        public const int MaxSegments = 16;

        /// <param name="flags">Fixed with the image: a loader derives them from its load kind (LoadKind.Flags).</param>
        public KexecImage(string loaderName, KexecFlags flags)
        {
            LoaderName = loaderName;
            Flags = flags;
        }

        public List<Segment> Segments { get; } = new List<Segment>();

        /// <summary>Physical address the kernel's relocate_kernel jumps to (normally the purgatory).</summary>
        public ulong Entry { get; set; }

        public KexecFlags Flags { get; }

        /// <summary>Kernel command line as the new kernel will see it (empty for non-kernels).</summary>
        public string CommandLine { get; set; } = "";

        /// <summary>Which loader built the image ("bzImage64", ...).</summary>
        public string LoaderName { get; }

        /// <summary>Where the loaded kernel itself starts executing (startup_64 etc.), after the purgatory.</summary>
        public ulong KernelEntry { get; set; }

        /// <summary>
        /// A crash image's "Crash kernel" ranges, which every segment must lie in; null when the
        /// image is no crash image or its loader was not told the region.
        /// </summary>
        public IReadOnlyList<MemoryRange>? CrashRegion { get; init; }

        /// <summary>
        /// True only for the jump-back helper: its entry is the running kernel's resume point in
        /// the other kernel's memory, deliberately outside every segment.
        /// </summary>
        public bool EntryInOtherKernel { get; init; }

        /// <summary>Notes for --debug and the plan printer (why a choice was made).</summary>
        public List<string> Notes { get; } = new List<string>();

        public Segment? Find(string role) => Segments.FirstOrDefault(s => s.Role == role);

        public IEnumerable<Segment> SortedSegments => Segments.OrderBy(s => s.Destination);

        /// <summary>Every rule of a loadable image (KimageChecks); throws KexecException naming the first one broken.</summary>
        public void Validate() => KimageChecks.Check(this);
    }
}
