using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using Common.Elf;
using MakeDumpFile.Jump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Jump
{
    /// <summary>
    /// Our makedumpfile writes the KEXEC_JUMP notes (docs/krestore.md): the dump level always,
    /// kernel A's jump-back entry from --jump-back-entry, the input's note or /proc/cmdline;
    /// the input's KEXEC_JUMP notes are replaced, and makedumpfile 1.7.2 still reads the files.
    /// </summary>
    [Collection("vmcore")]
    public sealed class KexecJumpNoteTests
    {
        private static KexecJumpNote NoteOf(string path)
        {
            using IPageSource s = DumpInput.Open(path);
            return KexecJumpNote.Find(s.Notes);
        }

        // On an ELF core --jump-back-entry also makes makedumpfile read kernel A's entry list
        // (JumpTargetViewTests); a kdump-compressed input only gets the note.
        private static string KdumpOf(Scratch s, string elf)
        {
            Tools.MustSucceed(Tools.Ours($"-d 0 -l --message-level 0 \"{elf}\" \"{s.File("in.kd")}\""), "kdump copy of the fixture");
            return s.File("in.kd");
        }

        [Fact]
        public void Kdump_output_carries_level_and_entry_and_keeps_vmcoreinfo()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 31 -l --jump-back-entry 0x41000f2 --message-level 0 \"{KdumpOf(s, Fixtures.Ours612Elf)}\" \"{s.File("o.kd")}\""), "our makedumpfile");
            KexecJumpNote n = NoteOf(s.File("o.kd"));
            Assert.Equal(0x41000f2UL, n.JumpBackEntry);
            Assert.Equal(31, n.DumpLevel);
            using var kd = KdumpPageSource.Open(s.File("o.kd"));
            Assert.NotNull(kd.VmcoreInfo);
            using var elf = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            Assert.Equal(elf.VmcoreInfo!.OsRelease, kd.VmcoreInfo!.OsRelease);
        }

        [Fact]
        public void Elf_output_without_entry_has_only_the_level()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 1 -E --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("o.elf")}\""), "our makedumpfile -E");
            KexecJumpNote n = NoteOf(s.File("o.elf"));
            // The test host was not booted as a jump target.
            Assert.Null(JumpBackEntry.FromCmdlineFile(JumpBackEntry.ProcCmdline));
            Assert.Null(n.JumpBackEntry);
            Assert.Equal(1, n.DumpLevel);
        }

        [Fact]
        public void Refiltering_replaces_the_inputs_notes_and_keeps_its_entry_and_exclusions()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 17 -c --jump-back-entry 5000f2 --message-level 0 \"{KdumpOf(s, Fixtures.Ours612Elf)}\" \"{s.File("a.kd")}\""), "first save");
            Tools.MustSucceed(Tools.Ours($"-d 2 -E --message-level 0 \"{s.File("a.kd")}\" \"{s.File("b.elf")}\""), "re-filter to ELF");
            KexecJumpNote b = NoteOf(s.File("b.elf"));
            Assert.Equal(0x5000f2UL, b.JumpBackEntry);
            Assert.Equal(17 | 2, b.DumpLevel);
            Tools.MustSucceed(Tools.Ours($"-d 0 -l --message-level 0 \"{s.File("b.elf")}\" \"{s.File("b.kd")}\""), "back to kdump");
            Tools.MustSucceed(Tools.Ours($"-d 0 -E --jump-back-entry 0x7000f2 --message-level 0 \"{s.File("b.kd")}\" \"{s.File("c.elf")}\""), "re-filter with a new entry");
            KexecJumpNote c = NoteOf(s.File("c.elf"));
            Assert.Equal(0x7000f2UL, c.JumpBackEntry);
            Assert.Equal(19, c.DumpLevel);
            using IPageSource cs = DumpInput.Open(s.File("c.elf"));
            int count = 0;
            foreach (ElfNote note in ElfNote.ParseAll(cs.Notes))
                if (note.Name == KexecJumpNote.NoteName) count++;
            Assert.Equal(3, count); // entry, level, digests: the input's three were replaced
            Assert.Equal(Common.DumpFormats.Integrity.DigestParameters.Default, c.Digests);
        }

        [Fact]
        public void Makedumpfile_1_7_2_reads_our_files_with_the_notes()
        {
            using var s = new Scratch();
            string input = KdumpOf(s, Fixtures.Debian61Elf);
            Tools.MustSucceed(Tools.Ours($"-d 31 -c --jump-back-entry 0x41000f2 --message-level 0 \"{input}\" \"{s.File("o.kd")}\""), "ours -c");
            // 1.7.2 writes no ELF from a kdump-compressed input: it re-filters into kdump.
            Tools.MustSucceed(Tools.Debian($"-d 31 -l --message-level 0 \"{s.File("o.kd")}\" \"{s.File("t1.kd")}\""), "makedumpfile 1.7.2 on our kdump file");
            using (var ourKd = KdumpPageSource.Open(s.File("o.kd")))
            using (var theirKd = KdumpPageSource.Open(s.File("t1.kd")))
                Assert.True(PageCompare.AssertSamePages(ourKd, theirKd, theirKd.MaxMapNr, "1.7.2's copy of our kdump file", pfn => theirKd.HasPage(pfn)) > 1000);
            Tools.MustSucceed(Tools.Ours($"-d 31 -E --jump-back-entry 0x41000f2 --message-level 0 \"{input}\" \"{s.File("o.elf")}\""), "ours -E");
            Tools.MustSucceed(Tools.Debian($"-d 31 -c --message-level 0 \"{s.File("o.elf")}\" \"{s.File("t.kd")}\""), "makedumpfile 1.7.2 on our ELF file");
            using var theirs = KdumpPageSource.Open(s.File("t.kd"));
            using var ours = ElfCorePageSource.Open(s.File("o.elf"));
            Assert.True(PageCompare.AssertSamePages(ours, theirs, theirs.MaxMapNr, "1.7.2's copy of our ELF", pfn => theirs.HasPage(pfn)) > 1000);
        }

        [Fact]
        public void Bad_entry_option_is_refused()
        {
            using var s = new Scratch();
            Tools.Result r = Tools.Ours($"-d 31 -c --jump-back-entry 0xzz \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\"");
            Assert.Equal(1, r.ExitCode); // makedumpfile 1.7.2 exits 1 on every failure, usage errors included
            Assert.Contains("--jump-back-entry 0xzz is not a hexadecimal address", r.Stderr);
            Assert.False(File.Exists(s.File("o.kd")));
        }

        [Theory]
        [InlineData("console=ttyS0 kexec_jump_back_entry=0x41000f2\n", 0x41000f2UL)]
        [InlineData("kexec_jump_back_entry=0x1000 quiet kexec_jump_back_entry=0x8df0f2", 0x8df0f2UL)]
        [InlineData("console=ttyS0 elfcorehdr=98300K", null)]
        public void Command_line_gives_the_last_entry(string cmdline, ulong? expected)
        {
            Assert.Equal(expected, JumpBackEntry.FromCmdline(cmdline, "cmdline"));
            using var s = new Scratch();
            File.WriteAllText(s.File("cmdline"), cmdline);
            Assert.Equal(expected, JumpBackEntry.FromCmdlineFile(s.File("cmdline")));
            Assert.Equal(expected ?? 0x1234UL, JumpBackEntry.Resolve(null, expected.HasValue ? null : 0x1234UL, s.File("cmdline")));
            Assert.Equal(0x99UL, JumpBackEntry.Resolve(0x99, 0x1234, s.File("cmdline")));
        }

        [Fact]
        public void Command_line_with_a_bad_entry_is_an_error_and_a_missing_file_is_none()
        {
            var e = Assert.Throws<DumpFormatException>(() => JumpBackEntry.FromCmdline("kexec_jump_back_entry=0xnope", "/proc/cmdline"));
            Assert.Equal("/proc/cmdline: kexec_jump_back_entry=0xnope is not a hexadecimal address", e.Message);
            Assert.Null(JumpBackEntry.FromCmdlineFile("/nonexistent/cmdline"));
        }

        [Fact]
        public void Note_split_keeps_other_notes_byte_for_byte_and_puts_ours_before_a_zero_tail()
        {
            var vmcoreinfo = new ElfNote("VMCOREINFO", 0, System.Text.Encoding.ASCII.GetBytes("OSRELEASE=6.12\n"));
            var old = new KexecJumpNote { JumpBackEntry = 0x1000f2, DumpLevel = 3 };
            byte[] input = Concat(old.Encode(), Encode(vmcoreinfo), new byte[24]);
            OutputNotes split = OutputNotes.Split(input);
            Assert.Equal(0x1000f2UL, split.Input.JumpBackEntry);
            Assert.Equal(3, split.Input.DumpLevel);
            byte[] output = split.With(new KexecJumpNote { DumpLevel = 31 });
            var parsed = ElfNote.ParseAll(output);
            Assert.Equal(2, parsed.Count);
            Assert.Equal("VMCOREINFO", parsed[0].Name);
            Assert.Equal(vmcoreinfo.Descriptor, parsed[0].Descriptor);
            Assert.Equal(KexecJumpNote.NoteName, parsed[1].Name);
            Assert.Equal(KexecJumpNote.TypeDumpLevel, parsed[1].Type);
            Assert.Equal(new byte[24], output[^24..]);
        }

        [Fact]
        public void Malformed_input_note_is_an_error()
        {
            byte[] bad = Encode(new ElfNote(KexecJumpNote.NoteName, KexecJumpNote.TypeJumpBackEntry, new byte[3]));
            var e = Assert.Throws<DumpFormatException>(() => OutputNotes.Split(bad));
            Assert.Contains("KEXEC_JUMP note type 1 has 3 bytes", e.Message);
        }

        private static byte[] Encode(ElfNote n)
        {
            var b = new byte[n.EncodedSize];
            n.Write(b);
            return b;
        }

        private static byte[] Concat(params byte[][] parts)
        {
            var ms = new MemoryStream();
            foreach (byte[] p in parts) ms.Write(p, 0, p.Length);
            return ms.ToArray();
        }
    }
}
