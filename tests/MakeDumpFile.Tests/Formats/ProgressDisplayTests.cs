using System.IO;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>The progress line is drawn when standard error is a terminal (ToolIO says so), and not otherwise.</summary>
    [Collection("vmcore")]
    public sealed class ProgressDisplayTests
    {
        [Fact]
        public void ProgressIsDrawnOnATerminalOnly()
        {
            using var s = new Scratch();
            Tools.Result terminal = Tools.MustSucceed(Tools.OursOnTerminal($"-d 31 -l \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\""), "on a terminal");
            string screen = terminal.Stderr;
            Assert.Matches(@"\rCopying data\s+: \[100\.0 %\] [/|\\-]", screen);
            File.Delete(s.File("o.kd"));
            Tools.Result piped = Tools.MustSucceed(Tools.Ours($"-d 31 -l \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\""), "piped");
            Assert.DoesNotContain("Copying data", piped.Stderr + piped.Stdout);
        }
    }
}
