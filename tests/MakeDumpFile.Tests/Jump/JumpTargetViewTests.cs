using System;
using System.IO;
using System.Linq;
using System.Text;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Jump;
using Common.DumpFormats.Kdump;
using Common.DumpFormats.Output;
using Common.Elf;
using MakeDumpFile.Dmesg;
using MakeDumpFile.Jump;
using MakeDumpFile.Kernel;
using MakeDumpFile.Tests.Support;
using MakeDumpFile.Writers;
using Xunit;

namespace MakeDumpFile.Tests.Jump
{
    /// <summary>
    /// Saving kernel A from inside jump target B: A's pages in B's range come from the source
    /// pages A's kexec entry list names. Kernel A is the bench's real 6.12 vmcore; B's view of it
    /// is built as relocate_kernel leaves memory (SimulatedJumpTarget), with B's range over A's
    /// kernel, page tables and printk buffer, like the seed's --mem-min=0x100000.
    /// </summary>
    [Collection("vmcore")]
    public sealed class JumpTargetViewTests
    {
        private const int Ps = 4096;

        private static string Dmesg(IPageSource s)
        {
            var kernel = KernelImage.Load(s, s.VmcoreInfo!);
            var sb = new StringBuilder();
            foreach ((ulong ts, byte[] text) in PrintkRingBuffer.Records(kernel)) sb.Append(PrintkRingBuffer.Format(ts, text));
            return sb.ToString();
        }

        [Fact]
        public void View_shows_As_pages_in_Bs_range_from_their_sources()
        {
            using var a = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            var b = new SimulatedJumpTarget(a);
            using var view = JumpTargetPageSource.Create(b, SimulatedJumpTarget.Entry);
            ulong pages = (SimulatedJumpTarget.RangeBEnd - SimulatedJumpTarget.RangeB) / Ps;
            int own = 0;
            for (ulong k = 0; k < pages; k++)
            {
                ulong d = SimulatedJumpTarget.RangeB + k * Ps;
                if (SimulatedJumpTarget.IsOwn(d)) { Assert.False(view.HasPage(d / Ps)); own++; }
                else Assert.True(view.HasPage(d / Ps), $"A's page 0x{d:x} is missing from the view");
            }
            Assert.Equal((int)pages - own, view.RedirectedPages);
            ulong compared = PageCompare.AssertSamePages(a, view, SimulatedJumpTarget.RangeBEnd / Ps, "A's B-range pages through the view",
                pfn => pfn >= SimulatedJumpTarget.RangeB / Ps && !SimulatedJumpTarget.IsOwn(pfn * Ps));
            Assert.Equal(pages - (ulong)own, compared);
            // Reads that cross from A's own RAM into B's range and over kexec's own pages.
            var run = new byte[Ps * 64];
            view.ReadPages(SimulatedJumpTarget.RangeB / Ps - 8, 64, run);
            var one = new byte[Ps];
            a.ReadPage(SimulatedJumpTarget.RangeB / Ps + 3, one);
            Assert.True(run.AsSpan(11 * Ps, Ps).SequenceEqual(one));
            // Source pages are kexec's buffers for A: left out (their bytes are shown at the destinations).
            Assert.False(view.HasPage(SimulatedJumpTarget.SourceOf(0, pages) / Ps));
            Assert.True(b.HasPage(SimulatedJumpTarget.SourceOf(0, pages) / Ps));
            Assert.True(view.HasPage(SimulatedJumpTarget.Control / Ps));
            // The new PT_LOAD for B's range is there, and the view is A's RAM again.
            Assert.Contains(view.Segments, s => s.PhysicalStart == SimulatedJumpTarget.RangeB);
        }

        [Fact]
        public void Kernel_log_in_Bs_range_reads_only_through_the_view()
        {
            using var a = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            var b = new SimulatedJumpTarget(a);
            string expected = Dmesg(a);
            Assert.Contains("Linux version 6.12", expected);
            // Without the entry list, A's page tables and printk buffer are missing.
            Assert.ThrowsAny<Exception>(() => Dmesg(b));
            using var view = JumpTargetPageSource.Create(b, SimulatedJumpTarget.Entry);
            Assert.Equal(expected, Dmesg(view));
        }

        [Fact]
        public void Makedumpfile_saves_A_completely_from_a_core_of_B()
        {
            using var s = new Scratch();
            using (var a = ElfCorePageSource.Open(Fixtures.Ours612Elf))
            {
                var b = new SimulatedJumpTarget(a);
                WriteElf(b, s.File("b-vmcore"));
                File.WriteAllText(s.File("a-dmesg-expected"), Dmesg(a));
            }
            string entry = "0x" + SimulatedJumpTarget.Entry.ToString("x");
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg --jump-back-entry {entry} \"{s.File("b-vmcore")}\" \"{s.File("dmesg")}\""), "--dump-dmesg through the entry list");
            Assert.Equal(File.ReadAllText(s.File("a-dmesg-expected")), File.ReadAllText(s.File("dmesg")));
            Tools.Result plain = Tools.Ours($"--dump-dmesg \"{s.File("b-vmcore")}\" \"{s.File("dmesg2")}\"");
            Assert.NotEqual(0, plain.ExitCode);

            Tools.MustSucceed(Tools.Ours($"-d 31 -l --jump-back-entry {entry} --message-level 0 \"{s.File("b-vmcore")}\" \"{s.File("a.kd")}\""), "-d 31 save of A");
            Tools.MustSucceed(Tools.Ours($"-d 0 -E --jump-back-entry {entry} --message-level 0 \"{s.File("b-vmcore")}\" \"{s.File("a.elf")}\""), "-d 0 -E save of A");
            using var fixture = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            using var kd = KdumpPageSource.Open(s.File("a.kd"));
            using var elf = ElfCorePageSource.Open(s.File("a.elf"));
            Assert.Equal(SimulatedJumpTarget.Entry, KexecJumpNote.Find(kd.Notes).JumpBackEntry);
            Func<ulong, bool> inB = pfn => pfn >= SimulatedJumpTarget.RangeB / Ps && pfn < SimulatedJumpTarget.RangeBEnd / Ps;
            // -d 31 keeps A's kernel pages in B's range, with A's bytes.
            ulong kept = PageCompare.AssertSamePages(fixture, kd, kd.MaxMapNr, "-d 31 save, B's range", pfn => inB(pfn) && kd.HasPage(pfn));
            Assert.True(kept > 1000, $"only {kept} of A's pages in B's range kept");
            // -d 0 -E holds all of them except kexec's own.
            ulong all = PageCompare.AssertSamePages(fixture, elf, SimulatedJumpTarget.RangeBEnd / Ps, "-d 0 -E save, B's range", pfn => inB(pfn) && !SimulatedJumpTarget.IsOwn(pfn * Ps));
            ulong own = 0;
            for (ulong d = SimulatedJumpTarget.RangeB; d < SimulatedJumpTarget.RangeBEnd; d += Ps)
                if (SimulatedJumpTarget.IsOwn(d)) own++;
            Assert.Equal((ulong)SimulatedJumpTarget.OwnCount, own);
            Assert.True(own > 0, "no page of kexec's own in B's range: the simulation lost its point");
            Assert.Equal((SimulatedJumpTarget.RangeBEnd - SimulatedJumpTarget.RangeB) / Ps - own, all);
            // No source page is in the saved image (-E keeps short gaps' bytes, as makedumpfile does: zeros there).
            ulong pagesB = (SimulatedJumpTarget.RangeBEnd - SimulatedJumpTarget.RangeB) / Ps;
            for (ulong k = 0; k < pagesB; k++)
            {
                if (SimulatedJumpTarget.IsOwn(SimulatedJumpTarget.RangeB + k * Ps)) continue; // no source page
                ulong src = SimulatedJumpTarget.SourceOf(k, pagesB) / Ps;
                Assert.False(kd.HasPage(src), $"source page 0x{src * Ps:x} is in the -d 31 image");
            }
            // And our saved image gives the same log (the entry note makes re-reading it safe).
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg \"{s.File("a.kd")}\" \"{s.File("dmesg3")}\""), "--dump-dmesg of the saved image");
            Assert.Equal(File.ReadAllText(s.File("a-dmesg-expected")), File.ReadAllText(s.File("dmesg3")));
        }

        private static void WriteElf(IPageSource source, string path)
        {
            var sink = new FileDumpSink(path);
            try
            {
                ElfDumpWriter.Write(sink, source, source.HasPage, ElfClass.Elf64, ElfConstants.MachineX86_64, null, source.Notes, null);
                sink.Commit();
            }
            finally
            {
                sink.Dispose();
            }
        }

        private static SimulatedJumpTarget Simulated(ElfCorePageSource a) => new SimulatedJumpTarget(a);

        private static string Refusal(Action<SimulatedJumpTarget> damage, ulong? entryOrDefault = null)
        {
            ulong entry = entryOrDefault ?? SimulatedJumpTarget.Entry;
            using var a = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            var b = Simulated(a);
            damage(b);
            return Assert.Throws<DumpFormatException>(() => JumpTargetPageSource.Create(b, entry)).Message;
        }

        [Fact]
        public void Entry_list_that_loops_is_refused()
        {
            // The first entry page's link points back at itself.
            string e = Refusal(b => b.SetWord(SimulatedJumpTarget.FirstEntryPage + 511 * 8, SimulatedJumpTarget.FirstEntryPage | 0x2));
            Assert.Contains($"loops back to its page 0x{SimulatedJumpTarget.FirstEntryPage:x}", e);
        }

        [Fact]
        public void Entry_list_that_points_outside_the_core_is_refused()
        {
            string e = Refusal(b => b.SetWord(SimulatedJumpTarget.FirstEntryPage + 511 * 8, SimulatedJumpTarget.RangeB | 0x2));
            Assert.Contains($"a page of kernel A's kexec entry list at 0x{SimulatedJumpTarget.RangeB:x} is not in the image", e);
            e = Refusal(b => b.SetWord(SimulatedJumpTarget.FirstEntryPage + 8, 0x7fff0000000000UL | 0x8));
            Assert.Contains("beyond the 52-bit physical address space", e);
            // A source page B's core does not hold (in B's range itself).
            e = Refusal(b => b.SetWord(SimulatedJumpTarget.FirstEntryPage + 8, (SimulatedJumpTarget.RangeB + 0x100000) | 0x8));
            Assert.Contains("which the input does not hold", e);
        }

        [Theory]
        [InlineData(0x2101003UL)]  // two flags
        [InlineData(0x2101000UL)]  // no flag
        [InlineData(0x8UL)]         // a source word
        public void Absurd_head_is_refused(ulong head)
        {
            string e = Refusal(b => b.SetWord(SimulatedJumpTarget.Control + SimulatedJumpTarget.HeadOffset, head));
            Assert.Contains("is no kexec entry list head", e);
        }

        [Fact]
        public void Entry_whose_control_page_is_missing_or_empty_is_refused()
        {
            string e = Refusal(_ => { }, SimulatedJumpTarget.RangeB + 0xf2);
            Assert.Contains($"kernel A's control page (jump-back entry 0x{SimulatedJumpTarget.RangeB + 0xf2:x}) at 0x{SimulatedJumpTarget.RangeB:x} is not in the image", e);
            e = Refusal(b => b.SetWord(SimulatedJumpTarget.Control + SimulatedJumpTarget.HeadOffset, 0x4));
            Assert.Contains("names no pages", e);
        }

        [Fact]
        public void Makedumpfile_reports_a_bad_list_in_one_line()
        {
            using var s = new Scratch();
            using (var a = ElfCorePageSource.Open(Fixtures.Ours612Elf))
            {
                var b = Simulated(a);
                b.SetWord(SimulatedJumpTarget.FirstEntryPage + 511 * 8, SimulatedJumpTarget.FirstEntryPage | 0x2);
                WriteElf(b, s.File("b-vmcore"));
            }
            Tools.Result r = Tools.Ours($"-d 31 -l --jump-back-entry 0x{SimulatedJumpTarget.Entry:x} \"{s.File("b-vmcore")}\" \"{s.File("a.kd")}\"");
            Assert.Equal(1, r.ExitCode);
            Assert.Equal($"makedumpfile: {s.File("b-vmcore")}: cannot map kernel A's pages in this kernel's range: the kexec entry list loops back to its page 0x{SimulatedJumpTarget.FirstEntryPage:x}", r.Stderr.Trim());
            Assert.False(File.Exists(s.File("a.kd")));
        }
    }
}
