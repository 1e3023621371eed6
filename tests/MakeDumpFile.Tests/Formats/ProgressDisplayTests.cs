using System.IO;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>The progress line is drawn when standard error is a terminal (here a pty from script(1)), and not otherwise.</summary>
    [Collection("vmcore")]
    public sealed class ProgressDisplayTests
    {
        [Fact]
        public void ProgressIsDrawnOnATerminalOnly()
        {
            using var s = new Scratch();
            string cmd = $"dotnet \"{Tools.OurAssembly}\" -d 31 -l \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\"";
            Tools.Result tty = Tools.Run("script", $"-q -e -c '{cmd}' /dev/null", null, null);
            Assert.True(tty.ExitCode == 0, tty.Stdout + tty.Stderr);
            Assert.Matches(@"\rCopying data\s+: \[100\.0 %\] [/|\\-]", tty.Stdout);
            File.Delete(s.File("o.kd"));
            Tools.Result piped = Tools.MustSucceed(Tools.Ours($"-d 31 -l \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\""), "piped");
            Assert.DoesNotContain("Copying data", piped.Stderr + piped.Stdout);
        }
    }
}
