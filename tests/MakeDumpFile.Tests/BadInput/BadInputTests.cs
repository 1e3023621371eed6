using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using Common.DumpFormats.Kdump;
using Common.Elf;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.BadInput
{
    /// <summary>
    /// Broken inputs and a full disk: one clear error line, a non-zero exit, and nothing left
    /// under the output's name (on a full disk, the partial file kept as NAME.incomplete and
    /// marked incomplete in its header, as makedumpfile marks it).
    /// </summary>
    [Collection("vmcore")]
    public sealed partial class BadInputTests : IClassFixture<BadInputTests.SmallDumps>
    {
        /// <summary>Small real dumps to damage: -d 31 of the 6.12 vmcore as ELF and as kdump-compressed.</summary>
        public sealed class SmallDumps : IDisposable
        {
            public SmallDumps()
            {
                Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 0 \"{Fixtures.Ours612Elf}\" \"{Scratch.File("small.elf")}\""), "making the small ELF");
                Tools.MustSucceed(Tools.Ours($"-d 31 -l --message-level 0 \"{Fixtures.Ours612Elf}\" \"{Scratch.File("small.kd")}\""), "making the small kdump file");
                // Without their digest trailers: these tests are about the parsers' own checks.
                Elf = Digestless.Of(Scratch.File("small.elf"));
                Kdump = Digestless.Of(Scratch.File("small.kd"));
            }

            public Scratch Scratch { get; } = new Scratch();
            public byte[] Elf { get; }
            public byte[] Kdump { get; }
            public void Dispose() => Scratch.Dispose();
        }

        private readonly SmallDumps _d;
        public BadInputTests(SmallDumps d) { _d = d; }

        private static void AssertCleanFailure(byte[] input, string args, string what, string? expect = null)
        {
            using var s = new Scratch();
            File.WriteAllBytes(s.File("in"), input);
            Tools.Result r = Tools.Ours($"{args} --message-level 7 \"{s.File("in")}\" \"{s.File("out")}\"");
            Assert.True(r.ExitCode != 0, $"{what}: exit code 0\n{r.Stdout}");
            string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1 && lines[0].StartsWith("makedumpfile: "), $"{what}: expected one error line, got:\n{r.Stderr}");
            Assert.DoesNotContain("   at ", r.Stderr);
            if (expect != null) Assert.Contains(expect, lines[0]);
            Assert.False(File.Exists(s.File("out")), $"{what}: an output file was left under its final name");
            Assert.Equal(new[] { "in" }, Directory.GetFiles(s.Dir).Select(Path.GetFileName).ToArray());
        }

        [Fact]
        public void TruncatedElfAtManyOffsets()
        {
            long phEnd = 64 + 56 * 8;
            long[] cuts = { 0, 3, 20, 63, 64, 100, phEnd, 1000, 4000, 5000, 20000, _d.Elf.Length / 3, _d.Elf.Length / 2, _d.Elf.Length - 4096, _d.Elf.Length - 1 };
            foreach (long cut in cuts)
                AssertCleanFailure(_d.Elf.AsSpan(0, (int)cut).ToArray(), "-d 31 -c", $"ELF cut at {cut}");
        }

        [Fact]
        public void TruncatedKdumpAtManyOffsets()
        {
            long[] cuts = { 0, 7, 100, 463, 4096, 4200, 8192, 12288, 20000, 40000, _d.Kdump.Length / 4, _d.Kdump.Length / 2, _d.Kdump.Length - 100, _d.Kdump.Length - 1 };
            foreach (long cut in cuts)
                AssertCleanFailure(_d.Kdump.AsSpan(0, (int)cut).ToArray(), "-d 31 -c", $"kdump cut at {cut}");
        }

        [Fact]
        public void CorruptElfHeaders()
        {
            AssertCleanFailure(Patch(_d.Elf, 32, 1UL << 40), "-d 31 -c", "e_phoff far outside", "outside the file");
            AssertCleanFailure(Patch16(_d.Elf, 56, 60000), "-d 31 -c", "e_phnum too large");
            AssertCleanFailure(Patch16(_d.Elf, 54, 40), "-d 31 -c", "wrong e_phentsize");
            AssertCleanFailure(Patch16(_d.Elf, 16, 2), "-d 31 -c", "not a core", "ET_CORE");
            // PT_LOAD number 1: p_offset, then p_filesz, far past the end.
            AssertCleanFailure(Patch(_d.Elf, 64 + 56 + 8, 1UL << 45), "-d 31 -c", "PT_LOAD offset outside", "past the end of the file");
            AssertCleanFailure(Patch(_d.Elf, 64 + 56 + 32, 1UL << 45), "-d 31 -c", "PT_LOAD size outside");
            // PT_NOTE (header 0): offset outside, absurd size.
            AssertCleanFailure(Patch(_d.Elf, 64 + 8, 1UL << 50), "-d 31 -c", "PT_NOTE outside");
            AssertCleanFailure(Patch(_d.Elf, 64 + 32, 1UL << 33), "-d 31 -c", "PT_NOTE size absurd");
            byte[] notes = (byte[])_d.Elf.Clone();
            int vmci = Find(notes, "VMCOREINFO");
            BinaryPrimitives.WriteUInt32LittleEndian(notes.AsSpan(vmci - 12 + 4), 0x7fffffff); // descsz
            AssertCleanFailure(notes, "-d 31 -c", "note size past the segment");
        }

        [Theory]
        [InlineData("OFFSET(page.flags)=", "OFFSET(page.flagz)=", "OFFSET(page.flags)")]
        [InlineData("NUMBER(SECTION_SIZE_BITS)=27", "NUMBER(SECTION_SIZE_BITS)=99", "SECTION_SIZE_BITS")]
        [InlineData("PAGESIZE=4096", "PAGESIZE=4095", "PAGESIZE")]
        [InlineData("SIZE(page)=64", "SIZE(page)=-1", "SIZE(page)")]
        [InlineData("SYMBOL(mem_section)=", "SYMBOL(mem_sectioX)=", "mem_section")]
        [InlineData("NUMBER(MAX_PHYSMEM_BITS)=46", "NUMBER(MAX_PHYSMEM_BITS)=x6", "MAX_PHYSMEM_BITS")]
        // Was an unhandled FormatException (read for the kdump header's utsname).
        [InlineData("SYMBOL(init_uts_ns)=ffffffff", "SYMBOL(init_uts_ns)=-1ffffff", "init_uts_ns")]
        public void MissingOrAbsurdVmcoreinfo(string from, string to, string named)
        {
            byte[] bad = (byte[])_d.Elf.Clone();
            int at = Find(bad, from);
            Assert.True(from.Length == to.Length);
            Encoding.ASCII.GetBytes(to).CopyTo(bad, at);
            AssertCleanFailure(bad, "-d 31 -c", $"VMCOREINFO {to}", named);
        }

        /// <summary>
        /// Harness vmcoreinfo (CI of 2026-12-02): a printk ring buffer offset or size from
        /// VMCOREINFO outside its structure made --dump-dmesg die with an unhandled
        /// ArgumentOutOfRangeException. Each is checked against the structure it is read from.
        /// </summary>
        [Theory]
        [InlineData("OFFSET(prb_desc_ring.descs)", "100000", "is out of range (0..")]
        [InlineData("OFFSET(printk_ringbuffer.text_data_ring)", "-8", "is out of range (0..")]
        [InlineData("OFFSET(prb_data_ring.size_bits)", "4094", "is out of range (0..")]
        [InlineData("SIZE(prb_desc)", "1000000", "SIZE(prb_desc)=1000000 is out of range (1..256)")]
        [InlineData("OFFSET(printk_info.text_len)", "4095", "is out of range (0..")]
        [InlineData("OFFSET(prb_data_blk_lpos.next)", "200", "is out of range (0..")]
        [InlineData("OFFSET(atomic_long_t.counter)", "64", "is out of range (0..")]
        public void PrintkLayoutOutsideItsStructure(string key, string value, string expect)
        {
            byte[] bad = WithVmcoreInfoValue(_d.Elf, key, value);
            AssertCleanFailure(bad, "--dump-dmesg", $"{key}={value}", expect);
        }

        /// <summary>
        /// The dump with one VMCOREINFO value replaced (the note keeps its size: the BUILD-ID
        /// line makes room, and the text ends at a NUL as the kernel's does).
        /// </summary>
        private static byte[] WithVmcoreInfoValue(byte[] dump, string key, string value)
        {
            byte[] b = (byte[])dump.Clone();
            int name = Find(b, "VMCOREINFO\0");
            int descsz = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(name - 12 + 4));
            int desc = name + 12; // "VMCOREINFO" and its NUL, 4-byte aligned (ELF note format)
            string text = Encoding.ASCII.GetString(b, desc, descsz).Split('\0')[0];
            var lines = text.Split('\n').Where(l => !l.StartsWith("BUILD-ID=", StringComparison.Ordinal)).ToList();
            int at = lines.FindIndex(l => l.StartsWith(key + "=", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{key} not in the dump's VMCOREINFO");
            lines[at] = key + "=" + value;
            byte[] edited = Encoding.ASCII.GetBytes(string.Join("\n", lines));
            Assert.True(edited.Length < descsz, "the edited VMCOREINFO does not fit its note");
            b.AsSpan(desc, descsz).Clear();
            edited.CopyTo(b, desc);
            return b;
        }

        [Fact]
        public void PageTablesPointingNowhere()
        {
            byte[] bad = (byte[])_d.Elf.Clone();
            int at = Find(bad, "SYMBOL(init_top_pgt)=ffffffff");
            Encoding.ASCII.GetBytes("SYMBOL(init_top_pgt)=ffffffffbf").CopyTo(bad, at);
            AssertCleanFailure(bad, "-d 31 -c", "init_top_pgt outside memory");
        }

        [Fact]
        public void CorruptKdumpHeaders()
        {
            AssertCleanFailure(Patch32(_d.Kdump, 428, 3000), "-d 31 -c", "block_size", "block_size");
            AssertCleanFailure(Patch32(_d.Kdump, 436, 0x7fffffff), "-d 31 -c", "bitmap_blocks huge");
            AssertCleanFailure(Patch(_d.Kdump, 4096 + 96, 1UL << 50), "-d 31 -c", "max_mapnr absurd", "max_mapnr");
            AssertCleanFailure(Patch(_d.Kdump, 4096 + 48, 1UL << 50), "-d 31 -c", "note offset outside");
            AssertCleanFailure(Patch(_d.Kdump, 4096 + 56, 1UL << 40), "-d 31 -c", "note size absurd");
            // The first page descriptor's offset far outside the file.
            using (var src = KdumpPageSource.Open(_d.Scratch.File("small.kd")))
            {
                long desc = (1L + src.Header.SubHeaderBlocks + src.Header.BitmapBlocks) * 4096;
                AssertCleanFailure(Patch(_d.Kdump, (int)desc, 1UL << 45), "-d 31 -c", "page descriptor outside", "outside the file");
                byte[] data = (byte[])_d.Kdump.Clone();
                // The first page stored LZO-compressed (the zero page and raw pages have flags 0).
                int d = (int)desc;
                while (BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(d + 12)) != KdumpConstants.CompressedLzo) d += 24;
                long stored = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(d));
                for (int i = 0; i < 64; i++) data[stored + i] ^= 0xa5; // garbage LZO stream
                AssertCleanFailure(data, "-d 0 -c", "corrupt compressed page", "LZO");
            }
        }

        [Fact]
        public void NotADumpAtAll()
        {
            AssertCleanFailure(Encoding.ASCII.GetBytes("hello, this is not a vmcore\n"), "-d 31 -c", "text file", "neither");
            AssertCleanFailure(new byte[0], "-d 31 -c", "empty file");
        }

        [Fact]
        public void FullDiskKeepsAnIncompleteFileAndSaysSo()
        {
            using var s = new Scratch();
            using var full = new SmallTmpfs(s);
            foreach (string format in new[] { "-c", "-E" })
            {
                string output = full.File("dump" + format);
                Tools.Result r = Tools.Ours($"-d 0 {format} --message-level 7 \"{_d.Scratch.File("small.elf")}\" \"{output}\"");
                Assert.True(r.ExitCode != 0, $"{format}: a full disk went unnoticed");
                string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(lines.Length == 1 && lines[0].Contains("No space left on device") && lines[0].Contains(".incomplete"), r.Stderr);
                Assert.False(File.Exists(output), "a file was left under the final name");
                byte[] head = new byte[512];
                using (FileStream f = File.OpenRead(output + ".incomplete")) f.ReadExactly(head);
                if (format == "-c")
                    Assert.True((BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(KdumpHeaderLayout.X86_64.Status)) & KdumpConstants.CompressedIncomplete) != 0, "kdump header not marked incomplete");
                else
                    Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(ElfClass.Elf64.FlagsOffset)) & 1);
                File.Delete(output + ".incomplete");
                Assert.Empty(Directory.GetFiles(full.Dir, "*", SearchOption.AllDirectories));
            }
        }

        private static int Find(byte[] data, string text)
        {
            byte[] needle = Encoding.ASCII.GetBytes(text);
            int at = data.AsSpan(0, Math.Min(data.Length, 1 << 20)).IndexOf(needle);
            Assert.True(at >= 0, $"'{text}' not found in the dump");
            return at;
        }

        private static byte[] Patch(byte[] src, int offset, ulong value)
        {
            byte[] b = (byte[])src.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(offset), value);
            return b;
        }

        private static byte[] Patch32(byte[] src, int offset, uint value)
        {
            byte[] b = (byte[])src.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), value);
            return b;
        }

        private static byte[] Patch16(byte[] src, int offset, ushort value)
        {
            byte[] b = (byte[])src.Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(offset), value);
            return b;
        }
    }
}
