using System;
using System.IO;
using Common.DumpFormats.Elf;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// -i VMCOREINFO on the bench's real vmcores, ours against Debian's 1.7.2, with files made from
    /// the dump's own VMCOREINFO note (Support/VmcoreInfoFiles): the file -g would write keeps the
    /// same pages and report as the note; a file the note completes too; and the ways a file is
    /// refused (no PAGESIZE, another release, symbols of another kernel or already randomised,
    /// no file) with the same exit status, no dump, and one error line saying what 1.7.2 says.
    /// </summary>
    [Collection("vmcore")]
    public sealed class VmcoreInfoFileMatchesMakedumpfileTests
    {
        private static string Fixture(string name) => name switch
        {
            "debian61" => Fixtures.Debian61Elf,
            "ours612" => Fixtures.Ours612Elf,
            _ => throw new ArgumentException(name),
        };

        private static string Other(string name) => name == "debian61" ? Fixtures.Ours612Elf : Fixtures.Debian61Elf;

        /// <summary>Ours on the fixture and 1.7.2 on its normalised copy (Support/Normalized), the same options.</summary>
        private static (Tools.Result Ours, Tools.Result Theirs) Both(string fixture, string options, string oursOut, string theirsOut) =>
            (Tools.Ours($"{options} \"{fixture}\" \"{oursOut}\""), Tools.Debian($"{options} \"{Normalized.Of(fixture)}\" \"{theirsOut}\""));

        [Theory]
        [InlineData("debian61")]
        [InlineData("ours612")]
        public void TheFileMinusKaslrKeepsThePagesOfTheNote(string name)
        {
            string fixture = Fixture(name);
            using var s = new Scratch();
            string vi = VmcoreInfoFiles.Write(s.File("vmcoreinfo"), VmcoreInfoFiles.AsGenerated(fixture));
            var (ours, theirs) = Both(fixture, $"-d 31 -E --message-level 16 -i {vi}", s.File("ours.elf"), s.File("theirs.elf"));
            Tools.MustSucceed(theirs, "1.7.2 -i");
            Tools.MustSucceed(ours, "our -i");
            ReportCounts.AssertSame(theirs.Stdout, ours.Stdout, $"{name} -d 31 -E -i");
            // The file gives what the note gives: the same report as without -i.
            Tools.Result plain = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 --dry-run \"{fixture}\" \"{s.File("plain.elf")}\""), "our run without -i");
            ReportCounts.AssertSame(plain.Stdout, ours.Stdout, $"{name} -d 31 -E with and without -i");
            using var t = ElfCorePageSource.Open(s.File("theirs.elf"));
            using var o = ElfCorePageSource.Open(s.File("ours.elf"));
            ulong n = PageCompare.AssertSamePages(t, o, ReportCounts.Parse(theirs.Stdout)["Total pages"], $"{name} -d 31 -E -i");
            Assert.True(n > 1000, $"only {n} pages compared");
        }

        /// <summary>Twelve lines (OSRELEASE, PAGESIZE and a few symbols): 1.7.2 takes the rest from the note.</summary>
        [Theory]
        [InlineData("debian61", 31)]
        [InlineData("debian61", 1)]
        [InlineData("ours612", 31)]
        public void TheNoteCompletesATruncatedFile(string name, int level)
        {
            string fixture = Fixture(name);
            using var s = new Scratch();
            string vi = VmcoreInfoFiles.Write(s.File("vmcoreinfo"), VmcoreInfoFiles.Head(VmcoreInfoFiles.AsGenerated(fixture), 12));
            var (ours, theirs) = Both(fixture, $"-d {level} -c --dry-run --message-level 16 -i {vi}", s.File("ours.kd"), s.File("theirs.kd"));
            Tools.MustSucceed(theirs, "1.7.2 -i with a truncated file");
            Tools.MustSucceed(ours, "our -i with a truncated file");
            ReportCounts.AssertSame(theirs.Stdout, ours.Stdout, $"{name} -d {level} -i truncated");
        }

        [Fact]
        public void DmesgFromTheFileIsMakedumpfiles()
        {
            using var s = new Scratch();
            string vi = VmcoreInfoFiles.Write(s.File("vmcoreinfo"), VmcoreInfoFiles.AsGenerated(Fixtures.Debian61Elf));
            var (ours, theirs) = Both(Fixtures.Debian61Elf, $"--dump-dmesg -i {vi}", s.File("ours.txt"), s.File("theirs.txt"));
            Tools.MustSucceed(theirs, "1.7.2 --dump-dmesg -i");
            Tools.MustSucceed(ours, "our --dump-dmesg -i");
            string log = File.ReadAllText(s.File("theirs.txt"));
            Assert.Contains("Linux version 6.1", log);
            Assert.Equal(log, File.ReadAllText(s.File("ours.txt")));
        }

        /// <summary>
        /// Files 1.7.2 refuses, each with what its error line says and its exit status: the note's
        /// text as it is (its symbols hold the KASLR offset, which 1.7.2 adds again: the utsname
        /// is then not mapped), the file cut before PAGESIZE, another release, the other fixture's
        /// file, no file at all.
        /// </summary>
        [Theory]
        [InlineData("debian61", "note", 1, "Can't get the address of system_utsname", "utsname")]
        [InlineData("ours612", "note", 1, "Can't get the address of system_utsname", "utsname")]
        [InlineData("debian61", "cut", 1, "Invalid format in @", "invalid format")]
        [InlineData("debian61", "release", 2, "don't match", "don't match")]
        [InlineData("ours612", "release", 2, "don't match", "don't match")]
        [InlineData("debian61", "other", 1, "Can't get the address of system_utsname", "utsname")]
        [InlineData("ours612", "other", 1, "Can't get the address of system_utsname", "utsname")]
        [InlineData("debian61", "missing", 1, "Can't open the vmcoreinfo file(@). No such file or directory", "No such file or directory")]
        public void BadFilesFailAsInMakedumpfile(string name, string file, int status, string theirLine, string ourWords)
        {
            string fixture = Fixture(name);
            using var s = new Scratch();
            string vi = s.File("vmcoreinfo");
            string generated = VmcoreInfoFiles.AsGenerated(fixture);
            switch (file)
            {
                case "note": VmcoreInfoFiles.Write(vi, VmcoreInfoFiles.NoteText(fixture)); break;
                case "cut": VmcoreInfoFiles.Write(vi, generated.Substring(0, generated.IndexOf("PAGESIZE=", StringComparison.Ordinal))); break;
                case "release": VmcoreInfoFiles.Write(vi, generated.Replace("OSRELEASE=", "OSRELEASE=9")); break;
                case "other": VmcoreInfoFiles.Write(vi, VmcoreInfoFiles.AsGenerated(Other(name))); break;
                case "missing": break;
            }
            var (ours, theirs) = Both(fixture, $"-d 31 -c -i {vi}", s.File("ours.kd"), s.File("theirs.kd"));
            Assert.True(theirs.ExitCode == status, $"1.7.2 exits {theirs.ExitCode}, the test expects {status}:\n{theirs.Stdout}{theirs.Stderr}");
            Assert.True(ours.ExitCode == status, $"1.7.2 exits {status}, ours {ours.ExitCode}:\n{ours.Stdout}{ours.Stderr}");
            Assert.Contains(theirLine.Replace("@", vi), theirs.Stdout + theirs.Stderr);
            Assert.Contains("makedumpfile Failed.", theirs.Stdout);
            Assert.Contains("makedumpfile Failed.", ours.Stdout);
            string[] errors = ours.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(errors.Length == 1 && errors[0].StartsWith("makedumpfile: ", StringComparison.Ordinal), $"ours said:\n{ours.Stderr}");
            Assert.Contains(vi, errors[0]);
            Assert.Contains(ourWords, errors[0]);
            Assert.False(File.Exists(s.File("theirs.kd")));
            Assert.False(File.Exists(s.File("ours.kd")));
        }
    }
}
