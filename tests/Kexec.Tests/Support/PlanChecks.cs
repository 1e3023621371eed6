using System.Linq;
using Common.Memory;
using Kexec.Memory;
using Kexec.Model;
using Xunit;

namespace Kexec.Tests.Support
{
    internal static class PlanChecks
    {
        /// <summary>What the kernel's sanity_check_segment_list demands, plus "inside the given memory".</summary>
        public static void SegmentsWellFormed(KexecImage image, RangeSet? within = null)
        {
            var sorted = image.SortedSegments.ToList();
            Assert.True(sorted.Count <= 16);
            for (int i = 0; i < sorted.Count; i++)
            {
                var s = sorted[i];
                Assert.Equal(0UL, s.Destination % 4096);
                Assert.Equal(0UL, s.MemorySize % 4096);
                Assert.True((ulong)s.Buffer.Length <= s.MemorySize);
                if (i > 0) Assert.True(sorted[i - 1].End <= s.Destination, $"segments overlap at 0x{s.Destination:x}");
                if (within != null && s.Role != "preserve")
                    Assert.True(within.Contains(s.Destination, s.End), $"{s.Role} at 0x{s.Destination:x}-0x{s.End:x} outside the allowed memory");
            }
        }
    }
}
