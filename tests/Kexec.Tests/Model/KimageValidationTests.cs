using System.Linq;
using Kexec.Memory;
using Kexec.Model;
using Xunit;

namespace Kexec.Tests.Model
{
    /// <summary>
    /// One bad image per rule of KimageChecks (kernel/kexec_core.c sanity_check_segment_list and
    /// the entry rule), each refused with its message; and well-formed images that pass.
    /// </summary>
    public class KimageValidationTests
    {
        private const ulong Page = 0x1000;

        private static Segment Seg(ulong at, ulong memsz, int bufsz = 0x10, string role = "kernel") =>
            new Segment(role, new byte[bufsz], at, memsz);

        private static KexecImage Image(KexecFlags flags, params Segment[] segments) => Image(flags, (MemoryRange[]?)null, segments);

        private static KexecImage Image(KexecFlags flags, MemoryRange[]? crashRegion, params Segment[] segments)
        {
            var image = new KexecImage("test", flags) { Entry = segments[0].Destination, CrashRegion = crashRegion };
            image.Segments.AddRange(segments);
            return image;
        }

        private static void AssertRefused(KexecImage image, string fragment)
        {
            var e = Assert.Throws<KexecException>(image.Validate);
            Assert.Contains(fragment, e.Message);
            Assert.DoesNotContain("\n", e.Message);
        }

        [Fact]
        public void AWellFormedImagePasses()
        {
            Image(KexecFlags.None, Seg(0x100000, 2 * Page), Seg(0x200000, Page, (int)Page)).Validate();
        }

        [Fact]
        public void SixteenSegmentsPassSeventeenAreRefused()
        {
            var segments = Enumerable.Range(0, 17).Select(i => Seg(0x100000 + (ulong)i * Page, Page)).ToArray();
            Image(KexecFlags.None, segments.Take(16).ToArray()).Validate();
            AssertRefused(Image(KexecFlags.None, segments), "the image needs 17 segments, the kernel takes at most 16");
        }

        [Fact]
        public void AnUnalignedDestinationIsRefused() =>
            AssertRefused(Image(KexecFlags.None, Seg(0x100800, Page)), "the kernel segment at 0x100800 with memsz 0x1000 is not page aligned");

        [Fact]
        public void AnUnalignedMemorySizeIsRefused() =>
            AssertRefused(Image(KexecFlags.None, Seg(0x100000, 0x1800)), "the kernel segment at 0x100000 with memsz 0x1800 is not page aligned");

        [Fact]
        public void ABufferLargerThanMemszIsRefused() =>
            AssertRefused(Image(KexecFlags.None, Seg(0x100000, Page, 0x1001)), "has 0x1001 bytes, more than its memsz 0x1000");

        [Fact]
        public void OverlappingDestinationsAreRefused() =>
            AssertRefused(Image(KexecFlags.None, Seg(0x100000, 3 * Page), Seg(0x102000, Page, role: "initrd")),
                "the kernel segment at 0x100000-0x102fff overlaps the initrd segment at 0x102000-0x102fff");

        [Fact]
        public void AdjacentSegmentsDoNotOverlap() =>
            Image(KexecFlags.None, Seg(0x100000, Page), Seg(0x101000, Page)).Validate();

        [Fact]
        public void ASegmentWrappingPastTheAddressSpaceIsRefused() =>
            AssertRefused(Image(KexecFlags.None, Seg(0xfffffffffffff000UL, 2 * Page)), "wraps past the end of memory");

        private static readonly MemoryRange[] CrashRegion = { MemoryRange.FromInclusive(0x1b000000, 0x1effffff, MemoryType.CrashKernel) };

        [Fact]
        public void ACrashSegmentOutsideTheCrashRegionIsRefused()
        {
            Image(KexecFlags.OnCrash, CrashRegion, Seg(0x1b000000, Page), Seg(0x1efff000, Page)).Validate();
            AssertRefused(Image(KexecFlags.OnCrash, CrashRegion, Seg(0x1b000000, Page), Seg(0x1f000000, Page, role: "initrd")),
                "the initrd segment at 0x1f000000-0x1f000fff lies outside the crash kernel region");
            // Crossing the region's start is outside too.
            AssertRefused(Image(KexecFlags.OnCrash, CrashRegion, Seg(0x1afff000, 2 * Page)), "outside the crash kernel region");
        }

        [Fact]
        public void TheCrashRuleNeedsACrashImageAndAKnownRegion()
        {
            Image(KexecFlags.OnCrash, Seg(0x100000, Page)).Validate();
            Image(KexecFlags.None, CrashRegion, Seg(0x100000, Page)).Validate();
        }

        [Fact]
        public void AnEntryInNoSegmentIsRefused()
        {
            var image = Image(KexecFlags.None, Seg(0x100000, Page));
            image.Entry = 0x101000; // the first byte past the segment
            AssertRefused(image, "the entry point 0x101000 lies in no segment");
        }

        [Fact]
        public void TheJumpBackHelpersEntryMayLieInTheOtherKernel()
        {
            var image = new KexecImage("jump-back-helper", KexecFlags.PreserveContext) { Entry = 0x80000f2, EntryInOtherKernel = true };
            image.Segments.Add(Seg(0x1ffdf000, Page));
            image.Validate();
        }
    }
}
