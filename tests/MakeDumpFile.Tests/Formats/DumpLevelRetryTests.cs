using System;
using System.IO;
using Common.DumpFormats;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>
    /// -d DL1,DL2,...: a dump that passes -L is made again with the next level, as 1.7.2's
    /// create_dumpfile() does (the single-file case is compared with 1.7.2 in
    /// Differential/OptionMatrixMatchesMakedumpfileTests); here the --split set and -F.
    /// </summary>
    public class DumpLevelRetryTests
    {
        private static long Largest(params string[] files)
        {
            long max = 0;
            foreach (string f in files) max = Math.Max(max, new FileInfo(f).Length);
            return max;
        }

        [Fact]
        public void SplitSetIsRemadeWholeAtTheNextLevel()
        {
            using var s = new Scratch();
            SmallCore.Write(s.File("core.elf"));
            string core = s.File("core.elf");
            Tools.MustSucceed(Tools.Ours($"--split -d 0 \"{core}\" \"{s.File("a0")}\" \"{s.File("b0")}\""), "--split -d 0");
            Tools.MustSucceed(Tools.Ours($"--split -d 1 \"{core}\" \"{s.File("a1")}\" \"{s.File("b1")}\""), "--split -d 1");
            long level0 = Largest(s.File("a0"), s.File("b0")), level1 = Largest(s.File("a1"), s.File("b1"));
            Assert.True(level1 < level0, $"-d 1 pieces ({level1} bytes) are not smaller than -d 0 pieces ({level0})");
            long limit = (level0 + level1) / 2;

            Tools.Result r = Tools.MustSucceed(Tools.Ours($"--split -d 0,1 -L {limit} \"{core}\" \"{s.File("a")}\" \"{s.File("b")}\""), "--split -d 0,1 -L");
            Assert.Contains("Retry to create a dumpfile by dump_level(1).", r.Stdout);
            Assert.Contains($"Size limit({limit}) reached", r.Stderr);
            Assert.False(File.Exists(s.File("a.incomplete")) || File.Exists(s.File("b.incomplete")), "a piece of the first attempt was kept");
            Assert.True(Largest(s.File("a"), s.File("b")) <= limit);
            Tools.MustSucceed(Tools.Ours($"--reassemble \"{s.File("a")}\" \"{s.File("b")}\" \"{s.File("joined")}\""), "--reassemble");
            using (IPageSource joined = DumpInput.Open(s.File("joined")))
                Assert.Equal(1, joined.PreviousDumpLevel);
            Assert.Equal(SmallCore.PagesOf(core), SmallCore.PagesOf(s.File("joined")));
        }

        /// <summary>A -F stream already sent cannot be taken back: the first level's failure ends the run.</summary>
        [Fact]
        public void FlattenedOutputIsNotRetried()
        {
            using var s = new Scratch();
            SmallCore.Write(s.File("core.elf"));
            Tools.Result r = Tools.Ours($"-F -d 0,1 -E -L 100K \"{s.File("core.elf")}\"", stdoutFile: s.File("flat"));
            Assert.Equal(1, r.ExitCode);
            Assert.DoesNotContain("Retry to create", r.Stdout + r.Stderr);
            Assert.Contains("makedumpfile Failed.", r.Stderr);
        }
    }
}
