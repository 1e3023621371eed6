using Common.DumpFormats;
using System.IO;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// The same command lines to our makedumpfile and Debian's 1.7.2 on the same small core
    /// (<see cref="SmallCore"/>): exit status, the lines scripts grep for ("The dumpfile is saved
    /// to", "makedumpfile Completed.", "makedumpfile Failed."), which files exist afterwards, and
    /// the pages a reader finds in them. The real-vmcore comparisons are in the other Differential tests.
    /// </summary>
    public class OptionMatrixMatchesMakedumpfileTests
    {
        private sealed class Run
        {
            public Tools.Result Result = null!;
            public string Dir = "";
            public string F(string name) => Path.Combine(Dir, name);
        }

        /// <summary>ARGS with @NAME for files in a fresh folder per tool (holding core.elf, and PRE's files).</summary>
        private static (Run Ours, Run Theirs) Both(string args, string? pre = null, string? stdin = null)
        {
            var s = new Scratch();
            Run One(string who, bool ours)
            {
                var r = new Run { Dir = Path.Combine(s.Dir, who) };
                Directory.CreateDirectory(r.Dir);
                SmallCore.Write(r.F("core.elf"));
                string Expand(string a) => a.Replace("@", r.Dir + "/");
                if (pre != null) Tools.MustSucceed(ours ? Tools.Ours(Expand(pre)) : Tools.Debian(Expand(pre)), pre);
                string? input = stdin == null ? null : Expand(stdin);
                r.Result = ours ? Tools.Ours(Expand(args), input) : Tools.Debian(Expand(args), input);
                return r;
            }
            return (One("ours", true), One("theirs", false));
        }

        private static void SameOutcome(Run ours, Run theirs, params string[] files) => SameOutcome(ours, theirs, true, files);

        private static void SameOutcome(Run ours, Run theirs, bool samePages, params string[] files)
        {
            Assert.True(theirs.Result.ExitCode == ours.Result.ExitCode,
                $"1.7.2 exits {theirs.Result.ExitCode}, ours {ours.Result.ExitCode}\n1.7.2: {theirs.Result.Stderr}{theirs.Result.Stdout}\nours: {ours.Result.Stderr}{ours.Result.Stdout}");
            foreach (string line in new[] { "makedumpfile Completed.", "makedumpfile Failed.", "The dumpfile is saved to", "The dumpfiles are saved to" })
                Assert.True(theirs.Result.Stdout.Contains(line) == ours.Result.Stdout.Contains(line),
                    $"'{line}': 1.7.2 {(theirs.Result.Stdout.Contains(line) ? "prints" : "does not print")} it\n1.7.2: {theirs.Result.Stdout}\nours: {ours.Result.Stdout}");
            foreach (string f in files)
            {
                Assert.True(File.Exists(theirs.F(f)) == File.Exists(ours.F(f)), $"{f}: exists after 1.7.2 {File.Exists(theirs.F(f))}, after ours {File.Exists(ours.F(f))}");
                if (samePages && File.Exists(theirs.F(f)) && ours.Result.ExitCode == 0)
                    Assert.Equal(SmallCore.PagesOf(theirs.F(f)), SmallCore.PagesOf(ours.F(f)));
            }
        }

        [Theory]
        [InlineData("-d 1 -c @core.elf @out")]
        [InlineData("-d 1 -l @core.elf @out")]
        [InlineData("-d 0 -E @core.elf @out")]
        [InlineData("-d 1 -E @core.elf @out")]
        [InlineData("-d 1 @core.elf @out")]
        [InlineData("-d1 -l --message-level 7 @core.elf @out")]
        [InlineData("--dump-level 1 @core.elf @out")]
        [InlineData("-d 1 -c -D @core.elf @out")]
        [InlineData("-d 1 -c --show-stats @core.elf @out")]
        [InlineData("-d 1 -c --non-mmap --cyclic-buffer 1024 -b 8 @core.elf @out")]
        [InlineData("-d 1 -c --dry-run @core.elf @out")]
        [InlineData("-d 1 -c -l @core.elf @out")]
        [InlineData("-d 1,31 -l @core.elf @out")]
        [InlineData("-d 1 -l --work-dir @ --splitblock-size 1024 --cyclic-buffer 0 @core.elf @out")]
        [InlineData("-d 1 -E --num-threads 2 @core.elf @out")]
        [InlineData("-d 1 -l -L 1M @core.elf @out")]
        [InlineData("-d 1 -c @core.elf")]
        [InlineData("-d 1 -c -E @core.elf @out")]
        [InlineData("-d 1 -c @no-such-core @out")]
        public void OneDumpFile(string args)
        {
            var (ours, theirs) = Both(args);
            SameOutcome(ours, theirs, "out");
        }

        /// <summary>
        /// -d 0,1 with -L between the two sizes: the -d 0 dump passes the limit, so both tools say
        /// so, remove it and make the -d 1 dump, which fits (1.7.2's create_dumpfile() retry).
        /// </summary>
        [Fact]
        public void SizeLimitRetriesWithTheNextDumpLevel()
        {
            // Uncompressed kdump-compressed files: -d 0 holds the 64 pages (about 270 KiB), -d 1
            // the 48 that are not zero and one shared zero page (about 215 KiB). (-E is no use
            // here: 1.7.2's ELF writer keeps excluded runs shorter than 256 pages, PFN_EXCLUDED.)
            var (ours, theirs) = Both("-d 0,1 -L 240K @core.elf @out");
            SameOutcome(ours, theirs, "out");
            Assert.Equal(0, ours.Result.ExitCode);
            foreach (Run r in new[] { ours, theirs })
            {
                Assert.Contains("Retry to create a dumpfile by dump_level(1).", r.Result.Stdout);
                Assert.True(new FileInfo(r.F("out")).Length <= 240 * 1024);
            }
            Assert.Contains("Size limit(245760) reached", ours.Result.Stderr);
            using (IPageSource kept = DumpInput.Open(ours.F("out")))
                Assert.Equal(1, kept.PreviousDumpLevel);
        }

        /// <summary>
        /// -L below every level's size: both fail and keep what was written, up to the limit,
        /// marked incomplete (ELF e_flags DUMP_ELF_INCOMPLETE); 1.7.2 under DUMPFILE, ours as
        /// DUMPFILE.incomplete (docs/makedumpfile.md, "Exit status and messages").
        /// </summary>
        [Fact]
        public void SizeLimitReachedKeepsWhatFitsMarkedIncomplete()
        {
            var (ours, theirs) = Both("-d 0,1 -E -L 100K @core.elf @out");
            SameOutcome(ours, theirs);
            Assert.Equal(1, ours.Result.ExitCode);
            Assert.False(File.Exists(ours.F("out")));
            foreach (string f in new[] { theirs.F("out"), ours.F("out.incomplete") })
            {
                byte[] kept = File.ReadAllBytes(f);
                Assert.Equal(100 * 1024, kept.Length);
                Assert.Equal(1, kept[48] & 1); // e_flags of ELF64, DUMP_ELF_INCOMPLETE
            }
        }

        /// <summary>-D: both begin with the version and the command line (1.7.2's main()).</summary>
        [Fact]
        public void DebugMessagesBeginWithTheVersionAndTheCommandLine()
        {
            var (ours, theirs) = Both("-D -d 1 -c @core.elf @out");
            SameOutcome(ours, theirs, "out");
            foreach (Run r in new[] { ours, theirs })
            {
                Assert.StartsWith("makedumpfile: version 1.7.2 (", r.Result.Stdout);
                Assert.Contains("\ncommand line: ", r.Result.Stdout);
            }
            var (quiet, _) = Both("-d 1 -c @core.elf @out");
            Assert.DoesNotContain("command line: ", quiet.Result.Stdout);
        }

        [Fact]
        public void AnExistingDumpFileNeedsForce()
        {
            var (ours, theirs) = Both("-d 1 -c @core.elf @out", pre: "-d 1 -l @core.elf @out");
            SameOutcome(ours, theirs);
            (ours, theirs) = Both("-f -d 1 -c @core.elf @out", pre: "-d 1 -l @core.elf @out");
            SameOutcome(ours, theirs, "out");
        }

        [Fact]
        public void SplitReassembleAndTheFlattenedRoundTrip()
        {
            // The pieces split the pages at different pfns (1.7.2 by its splitblocks), so only the
            // files are compared; their pages together are, after --reassemble.
            var (ours, theirs) = Both("--split -d 1 -c @core.elf @a @b");
            SameOutcome(ours, theirs, false, "a", "b");
            (ours, theirs) = Both("--reassemble @a @b @joined", pre: "--split -d 1 -l @core.elf @a @b");
            SameOutcome(ours, theirs, "joined");
            // -R of the flattened stream 1.7.2 writes with -F: the same file from both.
            using var scratch = new Scratch();
            SmallCore.Write(scratch.File("core.elf"));
            Tools.MustSucceed(Tools.Debian($"-F -d 1 -l \"{scratch.File("core.elf")}\"", stdoutFile: scratch.File("flat")), "1.7.2 -F");
            (ours, theirs) = Both("-R @rebuilt", pre: null, stdin: scratch.File("flat"));
            SameOutcome(ours, theirs, "rebuilt");
            // And the same for ours reading that flattened file directly, without -R (beyond 1.7.2).
            Tools.MustSucceed(Tools.Ours($"-d 0 -E \"{scratch.File("flat")}\" \"{scratch.File("direct.elf")}\""), "flattened input");
            Assert.Equal(SmallCore.PagesOf(theirs.F("rebuilt")), SmallCore.PagesOf(scratch.File("direct.elf")));
        }
    }
}
