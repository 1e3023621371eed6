using System.IO;
using Common.DumpFormats;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>
    /// Inputs beyond makedumpfile 1.7.2 (issue 13): a flattened file read directly, without a -R
    /// step, and a --split set given as several inputs; both give the pages the plain input gives,
    /// and no temporary copy is left behind. A small ELF core made here (no VMCOREINFO: -d 0/1).
    /// </summary>
    public class InputFormsTests
    {
        private static void WriteCore(string path) => SmallCore.Write(path);

        private static byte[][] PagesOf(string dump) => SmallCore.PagesOf(dump);

        [Fact]
        public void AFlattenedFileIsReadDirectly()
        {
            using var s = new Scratch();
            WriteCore(s.File("core.elf"));
            Tools.MustSucceed(Tools.Ours($"-d 1 -c -F --message-level 0 \"{s.File("core.elf")}\"", stdoutFile: s.File("flat")), "-F");
            Assert.True(DumpInput.IsFlattened(s.File("flat")));
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 0 -E --work-dir \"{s.Dir}\" \"{s.File("flat")}\" \"{s.File("direct.elf")}\""), "flattened input");
            Assert.Contains("makedumpfile Completed.", r.Stdout);
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("rebuilt.kd")}\"", stdinFile: s.File("flat")), "-R");
            Tools.MustSucceed(Tools.Ours($"-d 0 -E \"{s.File("rebuilt.kd")}\" \"{s.File("via-r.elf")}\""), "rebuilt input");
            Assert.Equal(PagesOf(s.File("via-r.elf")), PagesOf(s.File("direct.elf")));
            Assert.Equal(PagesOf(s.File("core.elf")), PagesOf(s.File("direct.elf")));
            Assert.Empty(Directory.GetFiles(s.Dir, ".kexec-jump-input-*"));
        }

        [Fact]
        public void ASplitSetIsReadAsOneInput()
        {
            using var s = new Scratch();
            WriteCore(s.File("core.elf"));
            Tools.MustSucceed(Tools.Ours($"-d 1 -l --split --message-level 0 \"{s.File("core.elf")}\" \"{s.File("a")}\" \"{s.File("b")}\" \"{s.File("c")}\""), "--split");
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 0 -E --work-dir \"{s.Dir}\" \"{s.File("a")}\" \"{s.File("b")}\" \"{s.File("c")}\" \"{s.File("joined.elf")}\""), "split set input");
            Assert.Contains($"The dumpfile is saved to {s.File("joined.elf")}.", r.Stdout);
            Assert.Equal(PagesOf(s.File("core.elf")), PagesOf(s.File("joined.elf")));
            // A piece missing is refused in one line.
            Tools.Result missing = Tools.Ours($"-d 0 -E \"{s.File("a")}\" \"{s.File("c")}\" \"{s.File("bad.elf")}\"");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("a part is missing", missing.Stderr);
            Assert.False(File.Exists(s.File("bad.elf")));
            Assert.Empty(Directory.GetFiles(s.Dir, ".kexec-jump-input-*"));
        }

        [Fact]
        public void DryRunWritesNothingAndSizeLimitStopsTheDump()
        {
            using var s = new Scratch();
            WriteCore(s.File("core.elf"));
            Tools.Result dry = Tools.MustSucceed(Tools.Ours($"-d 1 -c --dry-run \"{s.File("core.elf")}\" \"{s.File("none")}\""), "--dry-run");
            Assert.Contains("makedumpfile Completed.", dry.Stdout);
            Assert.Contains("The dumpfile is saved to", dry.Stdout); // as 1.7.2 says it under --dry-run
            Assert.False(File.Exists(s.File("none")));
            Tools.Result limited = Tools.Ours($"-d 0 -E -L 64K \"{s.File("core.elf")}\" \"{s.File("big")}\"");
            Assert.Equal(1, limited.ExitCode);
            Assert.Contains("makedumpfile Failed.", limited.Stdout);
            Assert.False(File.Exists(s.File("big")), "a dump cut by -L under its final name");
            Tools.MustSucceed(Tools.Ours($"-d 0 -E -L 1M \"{s.File("core.elf")}\" \"{s.File("fits")}\""), "-L 1M");
        }
    }
}
