using System.Linq;
using Kexec.Planning;

namespace Kexec.Model
{
    /// <summary>
    /// Every rule a finished image must meet before kexec_load, in one place, as the kernel checks
    /// them in one place (kernel/kexec_core.c sanity_check_segment_list). A broken rule is our bug
    /// or a bad input file; refusing here names the segment, where the kernel gives only an errno.
    /// Not checked here: the kernel's "all segments at most half of RAM" (the image does not know
    /// the RAM; KernelImageBuilder checks it for jump-back loads, the only ones that come close) and
    /// KEXEC_DESTINATION_MEMORY_LIMIT.
    /// </summary>
    internal static class KimageChecks
    {
        /// <summary>The rules in the kernel's order; the first one broken throws KexecException.</summary>
        public static void Check(KexecImage image)
        {
            SegmentCount(image);
            foreach (var s in image.Segments) NoWrap(s);
            foreach (var s in image.Segments) PageAligned(s);
            NoOverlap(image);
            foreach (var s in image.Segments) BufferFits(s);
            InsideCrashRegion(image);
            EntryInsideSegment(image);
        }

        /// <summary>kernel/kexec.c, the kexec_load syscall: nr_segments &gt; KEXEC_SEGMENT_MAX is EINVAL.</summary>
        public static void SegmentCount(KexecImage image)
        {
            if (image.Segments.Count > KexecImage.MaxSegments)
                throw new KexecException($"the image needs {image.Segments.Count} segments, the kernel takes at most {KexecImage.MaxSegments}");
        }

        /// <summary>sanity_check_segment_list: mstart &gt; mend (mem + memsz wrapped) is EADDRNOTAVAIL.</summary>
        public static void NoWrap(Segment s)
        {
            if (s.Destination + s.MemorySize < s.Destination)
                throw new KexecException($"the {s.Role} segment at 0x{s.Destination:x} with memsz 0x{s.MemorySize:x} wraps past the end of memory");
        }

        /// <summary>sanity_check_segment_list: mem or mem + memsz off a page boundary is EADDRNOTAVAIL.</summary>
        public static void PageAligned(Segment s)
        {
            if (s.Destination % SegmentPlanner.PageSize != 0 || s.MemorySize % SegmentPlanner.PageSize != 0)
                throw new KexecException($"the {s.Role} segment at 0x{s.Destination:x} with memsz 0x{s.MemorySize:x} is not page aligned");
        }

        /// <summary>sanity_check_segment_list: two segments sharing a destination byte is EINVAL (its test, pair by pair).</summary>
        public static void NoOverlap(KexecImage image)
        {
            var list = image.SortedSegments.ToList();
            for (int i = 0; i < list.Count; i++)
                for (int j = i + 1; j < list.Count; j++)
                    if (list[i].End > list[j].Destination && list[i].Destination < list[j].End)
                        throw new KexecException($"the {list[i].Role} segment at {Span(list[i])} overlaps the {list[j].Role} segment at {Span(list[j])}");
        }

        /// <summary>sanity_check_segment_list: bufsz &gt; memsz is EINVAL.</summary>
        public static void BufferFits(Segment s)
        {
            if ((ulong)s.Buffer.Length > s.MemorySize)
                throw new KexecException($"the {s.Role} segment at 0x{s.Destination:x} has 0x{s.Buffer.Length:x} bytes, more than its memsz 0x{s.MemorySize:x}");
        }

        /// <summary>
        /// sanity_check_segment_list: a crash image's segment outside crashk_res is EADDRNOTAVAIL.
        /// The kernel tests crashk_res alone; we allow any "Crash kernel" range of /proc/iomem, as the
        /// planner does (a crashkernel=,low range is one too). Skipped when the region is unknown.
        /// </summary>
        public static void InsideCrashRegion(KexecImage image)
        {
            if ((image.Flags & KexecFlags.OnCrash) == 0 || image.CrashRegion == null) return;
            foreach (var s in image.Segments)
                if (!image.CrashRegion.Any(r => s.Destination >= r.Start && s.End <= r.End))
                    throw new KexecException($"the {s.Role} segment at {Span(s)} lies outside the crash kernel region");
        }

        /// <summary>
        /// The entry must be loaded code: kexec_load itself accepts any entry (only a crash image's must
        /// lie in crashk_res, kernel/kexec.c kimage_alloc_init, which this implies), but one in no segment
        /// jumps into memory nothing was loaded to. The exception is the jump-back helper, whose entry
        /// is the other kernel's resume point (KexecImage.EntryInOtherKernel).
        /// </summary>
        public static void EntryInsideSegment(KexecImage image)
        {
            if (image.EntryInOtherKernel) return;
            if (!image.Segments.Any(s => image.Entry >= s.Destination && image.Entry < s.End))
                throw new KexecException($"the entry point 0x{image.Entry:x} lies in no segment");
        }

        private static string Span(Segment s) => s.MemorySize == 0 ? $"0x{s.Destination:x} (empty)" : $"0x{s.Destination:x}-0x{s.End - 1:x}";
    }
}
