using System.Collections.Generic;
using System.IO;
using TestSupport;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.I386
{
    /// <summary>
    /// Images of the bench's real i386 guests (2-level in 512 MiB; PAE in 1280 MiB, with
    /// highmem) saved by our makedumpfile, restored into a sparse file with the guest's own
    /// core as the target's RAM, then compared page by page with the guest's memory.
    /// </summary>
    public sealed class I386RestoreTests
    {
        [Theory]
        [InlineData("i386", "l", 17)]
        [InlineData("i386-pae", "E", 16)]
        public void I386_image_is_restored_page_for_page(string flavour, string form, int level)
        {
            VmcoreFixture fixture = PreparedFixtures.I386(flavour);
            using var w = new Workspace("i386-" + flavour);
            string image = w.PathOf($"d{level}.{form}");
            Tools.MustSucceed(Tools.MakeDumpFile($"-{form} -d {level} --message-level 0 \"{fixture.Elf}\" \"{image}\""), "makedumpfile -" + form);
            string target = w.NewTarget();
            HashSet<ulong> marked = TargetCheck.PlantMarkers(image, target);
            Tools.Result r = Tools.KRestore("--json", "--temp-dir", w.Folder, "--target", target, "--target-core", fixture.Elf,
                "--system-root", w.SystemRoot, image);
            Tools.MustSucceed(r, "krestore " + Path.GetFileName(image));
            var s = new SummaryJson(r.Stdout);
            Assert.Equal(level, s.I("dump_level"));
            Assert.True(s.B("verified"));
            Assert.Equal(0UL, s.U("pages_differing"));

            TargetCheck.Counts c = TargetCheck.Check(image, fixture.Elf, target, false, marked);
            Assert.True(c.Kept > 5000, $"only {c.Kept} pages kept");
            Assert.Equal(c.Kept, s.U("pages_written") + s.U("pages_zero_filled"));
            Assert.Equal(c.LeftOut, s.U("pages_skipped"));
            // Free pages (most of the guest) were left out and the target's bytes there left alone.
            Assert.True(c.Marked > 1000, $"only {c.Marked} free pages were checked for being left alone");
        }
    }
}
