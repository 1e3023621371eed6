using System;
using System.Buffers.Binary;
using System.IO;
using TestSupport;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using Common.Elf;
using MakeDumpFile.Tests.I386;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.BadInput
{
    /// <summary>
    /// A full disk under each writer: what was written is kept as DUMPFILE.incomplete with the
    /// marker of the format actually written (ELF32 e_flags at 36, ELF64 e_flags at 48, the kdump
    /// status word with its compression bits kept), also when -R rebuilds a stream whose format
    /// the options do not say; every other byte is the complete file's (or a hole not yet written).
    /// </summary>
    [Collection("vmcore")]
    public sealed class IncompleteOutputTests : IClassFixture<IncompleteOutputTests.Inputs>
    {
        /// <summary>The i386 vmcore filtered with -d 31 (ELF64, EM_386, as QEMU wrote it) and its ELF32 twin.</summary>
        public sealed class Inputs : IDisposable
        {
            public Inputs()
            {
                Fixture = I386Vmcores.Get("i386");
                Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 0 \"{Fixture.Elf}\" \"{Scratch.File("64.elf")}\""), "the -d 31 ELF64 core");
                Elf32Rewrite.ToElf32(Scratch.File("64.elf"), Scratch.File("32.elf"));
            }

            public VmcoreFixture Fixture { get; }
            public Scratch Scratch { get; } = new Scratch();
            public string Elf64 => Scratch.File("64.elf");
            public string Elf32 => Scratch.File("32.elf");
            public void Dispose() => Scratch.Dispose();
        }

        private readonly Inputs _in;
        public IncompleteOutputTests(Inputs inputs) { _in = inputs; }

        [Fact]
        public void ElfOutputOfAnElf32InputMarksTheElf32Flags()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 0 -E --message-level 0 \"{_in.Elf32}\" \"{s.File("complete.elf")}\""), "the complete ELF32 dump");
            using var full = new SmallTmpfs(s);
            string output = full.File("dump.elf");
            byte[] kept = AssertKeptIncomplete(Tools.Ours($"-d 0 -E --message-level 7 \"{_in.Elf32}\" \"{output}\""), output, "e_flags");
            ElfHeader h = ElfHeader.Parse(kept);
            Assert.False(h.Is64);
            Assert.Equal(ElfCoreIncomplete.FlagBit, h.Flags & ElfCoreIncomplete.FlagBit);
            // e_shnum of an ELF32 header lies where an ELF64 header has e_flags.
            Assert.Equal(ElfHeader.Parse(File.ReadAllBytes(s.File("complete.elf")).AsSpan(0, 64)).SectionHeaderCount, h.SectionHeaderCount);
            AssertSameButMarker(kept, s.File("complete.elf"), ElfClass.Elf32.FlagsOffset, ElfCoreIncomplete.FlagBit);
        }

        [Fact]
        public void RebuildOfAnElfStreamMarksTheElfFlags()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-F -d 0 -E --message-level 0 \"{_in.Elf64}\"", stdoutFile: s.File("elf.flat")), "the flattened ELF stream");
            Tools.MustSucceed(Tools.Ours($"-R --message-level 0 \"{s.File("complete.elf")}\"", stdinFile: s.File("elf.flat")), "the complete rebuild");
            using var full = new SmallTmpfs(s);
            string output = full.File("rebuilt.elf");
            byte[] kept = AssertKeptIncomplete(Tools.Ours($"-R --message-level 7 \"{output}\"", stdinFile: s.File("elf.flat")), output, "e_flags");
            Assert.Equal(ElfCoreIncomplete.FlagBit, ElfHeader.Parse(kept).Flags & ElfCoreIncomplete.FlagBit);
            // Nothing written where a kdump header has its status word (a program header here).
            AssertSameButMarker(kept, s.File("complete.elf"), ElfClass.Elf64.FlagsOffset, ElfCoreIncomplete.FlagBit);
        }

        [Theory]
        [InlineData("qemu-zlib")]
        [InlineData("ours-lzo")]
        public void RebuildOfAKdumpStreamKeepsItsCompressionBits(string which)
        {
            using var s = new Scratch();
            string stream = _in.Fixture.KdumpZlib;
            if (which == "ours-lzo")
            {
                stream = s.File("kdump.flat");
                Tools.MustSucceed(Tools.Ours($"-F -l -d 1 --message-level 0 \"{_in.Elf64}\"", stdoutFile: stream), "our flattened kdump stream");
            }
            Tools.MustSucceed(Tools.Ours($"-R --message-level 0 \"{s.File("complete.kd")}\"", stdinFile: stream), "the complete rebuild");
            byte[] complete = ReadHead(s.File("complete.kd"), KdumpHeaderLayout.MaxHeaderSize);
            KdumpHeaderLayout layout = DiskDumpHeader.LayoutOf(complete)!;
            uint status = BinaryPrimitives.ReadUInt32LittleEndian(complete.AsSpan(layout.Status));
            Assert.True((status & (KdumpConstants.CompressedZlib | KdumpConstants.CompressedLzo)) != 0, $"{which}: status 0x{status:x} names no compression");

            using var full = new SmallTmpfs(s);
            string output = full.File("rebuilt.kd");
            byte[] kept = AssertKeptIncomplete(Tools.Ours($"-R --message-level 7 \"{output}\"", stdinFile: stream), output, "status");
            Assert.Equal(status | KdumpConstants.CompressedIncomplete, BinaryPrimitives.ReadUInt32LittleEndian(kept.AsSpan(layout.Status)));
            AssertSameButMarker(kept, s.File("complete.kd"), layout.Status, KdumpConstants.CompressedIncomplete);
        }

        /// <summary>
        /// Issue 12: our makedumpfile reads its own DUMPFILE.incomplete as it reads 1.7.2's (whose
        /// check_and_modify_headers() marks the status word and whose lost pages have descriptors
        /// never written): every page it still holds reads as the input's, and with the same room
        /// ours keeps about as many pages readable as 1.7.2 keeps (it kept none before: its
        /// descriptors went out 8192 pages at a time, after their data).
        /// </summary>
        [Fact]
        public void AnIncompleteKdumpFileKeepsItsWrittenPagesReadableAs172Does()
        {
            using var s = new Scratch();
            string normalized = Normalized.Of(Fixtures.Ours612Elf);
            using (var full = new SmallTmpfs(s, 20))
            {
                string output = full.File("ours.kd");
                AssertKeptIncomplete(Tools.Ours($"-c -d 0 --message-level 7 \"{Fixtures.Ours612Elf}\" \"{output}\""), output, "status");
                File.Move(output + ".incomplete", s.File("ours.incomplete"));
                Tools.Result r = Tools.Debian($"-c -d 0 --message-level 7 \"{normalized}\" \"{full.File("theirs.kd")}\"");
                Assert.True(r.ExitCode != 0, "1.7.2 did not notice the full disk");
                File.Move(full.File("theirs.kd"), s.File("theirs.incomplete"));
            }
            using var input = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            ulong ours = ReadablePagesMatch(s.File("ours.incomplete"), input), theirs = ReadablePagesMatch(s.File("theirs.incomplete"), input);
            Assert.True(theirs > 1000, $"1.7.2's incomplete file holds only {theirs} readable pages");
            Assert.True(ours >= theirs * 9 / 10, $"our incomplete file holds {ours} readable pages, 1.7.2's {theirs}");
            // And the command reads it: re-filtering what is left works.
            Tools.MustSucceed(Tools.Ours($"-d 1 -l --message-level 7 \"{s.File("ours.incomplete")}\" \"{s.File("again.kd")}\""), "re-filtering our incomplete file");
        }

        // The pages of an incomplete kdump file that still have their data: each must be the input's.
        private static ulong ReadablePagesMatch(string path, ElfCorePageSource input)
        {
            using var k = KdumpPageSource.Open(path);
            Assert.True(k.IsIncomplete, $"{path} is not marked incomplete");
            var a = new byte[k.PageSize];
            var b = new byte[k.PageSize];
            ulong readable = 0;
            for (ulong pfn = 0; pfn < k.MaxMapNr; pfn++)
            {
                if (!k.TryReadDescriptor(pfn, out _)) continue;
                k.ReadPage(pfn, a);
                input.ReadPage(pfn, b);
                Assert.True(a.AsSpan().SequenceEqual(b), $"{path}: pfn 0x{pfn:x} differs from the input");
                readable++;
            }
            return readable;
        }

        // One error line naming the kept file and the marked field; nothing under the final name.
        private static byte[] AssertKeptIncomplete(Tools.Result r, string output, string field)
        {
            Assert.True(r.ExitCode != 0, "a full disk went unnoticed");
            string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1 && lines[0].Contains("No space left on device")
                        && lines[0].Contains(output + ".incomplete, marked incomplete in its") && lines[0].Contains(field), r.Stderr);
            Assert.False(File.Exists(output), "a file was left under the final name");
            return File.ReadAllBytes(output + ".incomplete");
        }

        // Every byte of the kept file is the complete file's, or zero where a later part was not
        // written yet, except the marker's word, which is the complete one with the bits set.
        private static void AssertSameButMarker(byte[] kept, string completePath, int markerOffset, uint bits)
        {
            byte[] complete = ReadHead(completePath, kept.Length);
            Assert.True(kept.Length > markerOffset + 4 && kept.Length < complete.Length + 1, $"kept {kept.Length} bytes");
            uint want = BinaryPrimitives.ReadUInt32LittleEndian(complete.AsSpan(markerOffset)) | bits;
            Assert.Equal(want, BinaryPrimitives.ReadUInt32LittleEndian(kept.AsSpan(markerOffset)));
            long zeros = 0;
            for (int i = 0; i < kept.Length; i++)
            {
                if (i >= markerOffset && i < markerOffset + 4) continue;
                if (kept[i] == complete[i]) continue;
                Assert.True(kept[i] == 0, $"byte {i} of the kept file is 0x{kept[i]:x2}, the complete file has 0x{complete[i]:x2}");
                zeros++;
            }
            Assert.True(zeros < kept.Length / 2, $"{zeros} of {kept.Length} kept bytes are holes");
        }

        private static byte[] ReadHead(string path, int count)
        {
            using FileStream f = File.OpenRead(path);
            var b = new byte[Math.Min(count, f.Length)];
            f.ReadExactly(b);
            return b;
        }
    }
}
