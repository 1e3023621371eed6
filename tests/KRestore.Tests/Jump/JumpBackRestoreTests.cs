using System;
using System.Buffers.Binary;
using System.IO;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Jump;
using Common.Elf;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.Jump
{
    /// <summary>
    /// Kernel A's pages that lie in the running kernel's range go to the source pages kernel A's
    /// kexec entry list names (native/README.md, Layout item 5). The image is 64 MiB of the real
    /// guest's memory with a control page and entry list written into it, laid out as
    /// relocate_kernel_64.S reads them.
    /// </summary>
    [Collection(ImagesCollection.Name)]
    public sealed class JumpBackRestoreTests
    {
        private const ulong Base = 0x4000000, End = 0x8000000;
        private const ulong Control = 0x4100000, Entry = Control + 0xf2;
        private const ulong Indirection1 = 0x4101000, Indirection2 = 0x4102000;
        private const ulong RangeB = 0x6000000, RangeBEnd = 0x6100000; // the running kernel's RAM: 256 pages
        private const ulong SourceBase = 0x7000000;
        private const int OwnPage = 5; // kexec's own page in A: source = destination
        private const int Pages = (int)((RangeBEnd - RangeB) / 4096);

        private readonly ImageCache _images;

        public JumpBackRestoreTests(ImageCache images) => _images = images;

        private static ulong SourceOf(int k) => k == OwnPage ? RangeB + (ulong)k * 4096 : SourceBase + (ulong)(Pages - 1 - k) * 4096;

        /// <summary>Where A keeps image->head in its control page, as the fixture kernel's VMCOREINFO states it.</summary>
        private ulong HeadOffset()
        {
            using ElfCorePageSource orig = ElfCorePageSource.Open(_images.Fixture.Elf);
            return (ulong)JumpBackLayout.FromVmcoreInfo(orig.VmcoreInfo).HeadOffset;
        }

        private byte[] BuildMemory()
        {
            var memory = new byte[End - Base];
            using (ElfCorePageSource orig = ElfCorePageSource.Open(_images.Fixture.Elf))
                orig.ReadPages(Base / 4096, memory.Length / 4096, memory);
            void Word(ulong address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(memory.AsSpan((int)(address - Base)), value);
            Word(Control + HeadOffset(), Indirection1 | 0x2);
            ulong at = Indirection1;
            int slot = 0;
            void Add(ulong value)
            {
                // The kernel links at the last slot (511); any slot works for swap_pages, and an
                // early link makes the 258 entries span both pages.
                if (slot == 100 && at == Indirection1)
                {
                    Word(at + 100 * 8, Indirection2 | 0x2);
                    at = Indirection2;
                    slot = 0;
                    Word(at, 0); // a word with no flag: swap_pages skips it
                    slot = 1;
                }
                Word(at + (ulong)slot * 8, value);
                slot++;
            }
            Add(RangeB | 0x1);
            for (int k = 0; k < Pages; k++) Add(SourceOf(k) | 0x8);
            Add(0x4);
            return memory;
        }

        private string WriteImage(Workspace w, byte[] memory, bool withEntryNote)
        {
            string path = w.PathOf("jump.elf");
            var note = new KexecJumpNote { DumpLevel = 0, JumpBackEntry = withEntryNote ? Entry : (ulong?)null, Digests = DigestParameters.Default };
            using (ElfCorePageSource orig = ElfCorePageSource.Open(_images.Fixture.Elf))
                new CoreWriter().Load(Base, End - Base, memory).Notes(ElfNote.ParseAll(orig.Notes)).Notes(note.ToNotes()).Write(path);
            ImageTrailer.Append(path); // as our makedumpfile writes it
            return path;
        }

        private string WriteTargetCore(Workspace w)
        {
            string path = w.PathOf("target-core");
            using ElfCorePageSource orig = ElfCorePageSource.Open(_images.Fixture.Elf);
            new CoreWriter().Load(Base, RangeB - Base).Load(RangeBEnd, End - RangeBEnd).Notes(ElfNote.ParseAll(orig.Notes)).Write(path);
            return path;
        }

        // The second case is the hibernation flow's: the resuming kernel's memory map leaves out
        // the last page of its range (where kexec put the ELF core header), so that page is
        // neither its RAM nor the target's, yet A's image covers it and it must be redirected too.
        [Theory]
        [InlineData("6000000-60fffff")]
        [InlineData("6000000-60fefff")]
        public void Pages_in_the_running_kernels_range_go_to_their_kexec_source_pages(string runningRam)
        {
            using var w = new Workspace("jump", runningRam: runningRam);
            byte[] memory = BuildMemory();
            string image = WriteImage(w, memory, withEntryNote: true);
            string target = w.NewTarget(size: (long)End);
            Tools.Result r = Tools.KRestore("--json", "--target", target, "--target-core", WriteTargetCore(w), "--system-root", w.SystemRoot, image);
            Tools.MustSucceed(r, "krestore (jump image)");
            var s = new SummaryJson(r.Stdout);
            Assert.Equal("0x41000f2", s.S("jump_back_entry"));
            Assert.Equal((ulong)Pages - 1, s.U("pages_redirected"));
            Assert.Equal(1UL, s.U("pages_kexec_own"));
            Assert.Equal((ulong)Pages - 1, s.U("pages_superseded"));
            Assert.True(s.B("verified"));

            byte[] restored = File.ReadAllBytes(target);
            for (ulong a = Base; a < End; a += 4096)
            {
                int off = (int)(a - Base);
                if (a >= RangeB && a < RangeBEnd)
                {
                    Assert.True(TargetCheck.IsZero(restored.AsSpan((int)a, 4096)), $"page 0x{a:x} of the running kernel was written");
                    continue;
                }
                int k = -1;
                if (a >= SourceBase && a < SourceBase + (ulong)Pages * 4096) k = Pages - 1 - (int)((a - SourceBase) / 4096);
                ReadOnlySpan<byte> want = k >= 0 && k != OwnPage
                    ? memory.AsSpan((int)(RangeB + (ulong)k * 4096 - Base), 4096)
                    : memory.AsSpan(off, 4096);
                Assert.True(want.SequenceEqual(restored.AsSpan((int)a, 4096)), $"page 0x{a:x} (k={k}) is wrong");
            }
            // The text summary gives the line a script passes to kexec --load-jump-back-helper.
            Tools.Result text = Tools.KRestore("--target", target, "--target-core", WriteTargetCore(w), "--system-root", w.SystemRoot, image);
            Tools.MustSucceed(text, "krestore (text)");
            Assert.Contains("\njump-back entry: 0x41000f2\n", text.Stdout);
        }

        [Fact]
        public void Without_an_entry_the_image_is_refused_and_the_option_supplies_it()
        {
            using var w = new Workspace("jump-noentry", runningRam: "6000000-60fffff");
            byte[] memory = BuildMemory();
            string image = WriteImage(w, memory, withEntryNote: false);
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            string core = WriteTargetCore(w);
            Tools.Result r = Tools.KRestore("--target", target, "--target-core", core, "--system-root", w.SystemRoot, image);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("256 pages of", r.Stderr);
            Assert.Contains("no jump-back entry", r.Stderr);
            before.AssertUnchanged();

            Tools.Result ok = Tools.KRestore("--json", "--jump-back-entry", "0x41000f2", "--target", target, "--target-core", core, "--system-root", w.SystemRoot, image);
            Tools.MustSucceed(ok, "krestore --jump-back-entry");
            Assert.Equal((ulong)Pages - 1, new SummaryJson(ok.Stdout).U("pages_redirected"));
        }

        [Fact]
        public void A_broken_entry_list_is_refused()
        {
            using var w = new Workspace("jump-broken", runningRam: "6000000-60fffff");
            byte[] memory = BuildMemory();
            // The list's first page is outside the image.
            BinaryPrimitives.WriteUInt64LittleEndian(memory.AsSpan((int)(Control + HeadOffset() - Base)), 0x10000000UL | 0x2);
            string image = WriteImage(w, memory, withEntryNote: true);
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Tools.Result r = Tools.KRestore("--target", target, "--target-core", WriteTargetCore(w), "--system-root", w.SystemRoot, image);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("kexec entry list", r.Stderr);
            Assert.Contains("is not in the image", r.Stderr);
            before.AssertUnchanged();

            // A list that loops back on itself.
            memory = BuildMemory();
            BinaryPrimitives.WriteUInt64LittleEndian(memory.AsSpan((int)(Indirection2 + 8 * 10 - Base)), Indirection1 | 0x2);
            image = WriteImage(w, memory, withEntryNote: true);
            r = Tools.KRestore("--target", target, "--target-core", WriteTargetCore(w), "--system-root", w.SystemRoot, image);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("loops back", r.Stderr);
            before.AssertUnchanged();
        }
    }
}
