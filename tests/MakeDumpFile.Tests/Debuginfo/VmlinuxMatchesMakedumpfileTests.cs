using System.IO;
using Common.DumpFormats.Elf;
using MakeDumpFile.Tests.Differential;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Debuginfo
{
    /// <summary>
    /// -g and -x on Debian's 6.1 vmlinux with DWARF 5 (linux-image-*-dbg), ours against Debian's
    /// 1.7.2 on the vmcore of that very kernel: the generated VMCOREINFO is the same file, and a
    /// dump or dmesg read through the vmlinux keeps what 1.7.2 keeps.
    /// </summary>
    [Collection("vmcore")]
    public sealed class VmlinuxMatchesMakedumpfileTests
    {
        [Fact]
        public void GenerateWritesMakedumpfilesFile()
        {
            using var s = new Scratch();
            string vmlinux = Fixtures.Debian61Vmlinux;
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-g {s.File("theirs.txt")} -x {vmlinux}"), "1.7.2 -g");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-g {s.File("ours.txt")} -x {vmlinux}"), "our -g");
            string expected = File.ReadAllText(s.File("theirs.txt"));
            Assert.Contains("OSRELEASE=6.1.", expected);
            Assert.Contains("SRCFILE(pud_t)=", expected);
            Assert.Equal(expected, File.ReadAllText(s.File("ours.txt")));
            Assert.Contains($"The vmcoreinfo is saved to {s.File("ours.txt")}.", ours.Stdout);
            Assert.Contains("makedumpfile Completed.", ours.Stdout);
            Assert.Contains("makedumpfile Completed.", theirs.Stdout);
            // A kernel's symbol addresses and layout: owner only, as every file we write.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(s.File("ours.txt")));
        }

        [Fact]
        public void TheVmlinuxKeepsThePagesOfTheNote()
        {
            using var s = new Scratch();
            string fixture = Fixtures.Debian61Elf, vmlinux = Fixtures.Debian61Vmlinux;
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"-d 31 -E --message-level 16 -x {vmlinux} \"{Normalized.Of(fixture)}\" {s.File("theirs.elf")}"), "1.7.2 -x");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 -x {vmlinux} \"{fixture}\" {s.File("ours.elf")}"), "our -x");
            ReportCounts.AssertSame(theirs.Stdout, ours.Stdout, "debian61 -d 31 -E -x");
            Tools.Result plain = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 --dry-run \"{fixture}\" {s.File("plain.elf")}"), "our run without -x");
            ReportCounts.AssertSame(plain.Stdout, ours.Stdout, "debian61 -d 31 -E with and without -x");
            using var t = ElfCorePageSource.Open(s.File("theirs.elf"));
            using var o = ElfCorePageSource.Open(s.File("ours.elf"));
            ulong n = PageCompare.AssertSamePages(t, o, ReportCounts.Parse(theirs.Stdout)["Total pages"], "debian61 -d 31 -E -x");
            Assert.True(n > 1000, $"only {n} pages compared");
        }

        [Fact]
        public void DmesgThroughTheVmlinuxIsMakedumpfiles()
        {
            using var s = new Scratch();
            string fixture = Fixtures.Debian61Elf, vmlinux = Fixtures.Debian61Vmlinux;
            Tools.MustSucceed(Tools.Debian($"--dump-dmesg -x {vmlinux} \"{Normalized.Of(fixture)}\" {s.File("theirs.txt")}"), "1.7.2 --dump-dmesg -x");
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg -x {vmlinux} \"{fixture}\" {s.File("ours.txt")}"), "our --dump-dmesg -x");
            string log = File.ReadAllText(s.File("theirs.txt"));
            Assert.Contains("Linux version 6.1", log);
            Assert.Equal(log, File.ReadAllText(s.File("ours.txt")));
        }

        /// <summary>A vmlinux of another kernel: the release check refuses it with 1.7.2's status 2 and no dump.</summary>
        [Fact]
        public void AnotherKernelsVmlinuxIsRefused()
        {
            using var s = new Scratch();
            string vmlinux = Fixtures.Debian61Vmlinux;
            Tools.Result theirs = Tools.Debian($"-d 31 -E -x {vmlinux} \"{Normalized.Of(Fixtures.Ours612Elf)}\" {s.File("theirs.elf")}");
            Tools.Result ours = Tools.Ours($"-d 31 -E -x {vmlinux} \"{Fixtures.Ours612Elf}\" {s.File("ours.elf")}");
            Assert.NotEqual(0, theirs.ExitCode);
            Assert.Equal(theirs.ExitCode, ours.ExitCode);
            Assert.False(File.Exists(s.File("ours.elf")));
            Assert.Contains("-x " + vmlinux, ours.Stderr);
        }
    }
}
