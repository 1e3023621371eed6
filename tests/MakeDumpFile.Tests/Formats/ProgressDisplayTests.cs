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
            var psi = new System.Diagnostics.ProcessStartInfo("script") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "-q", "-e", "-c", cmd, "/dev/null" }) psi.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(psi)!;
            string screen = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, screen + p.StandardError.ReadToEnd());
            Assert.Matches(@"\rCopying data\s+: \[100\.0 %\] [/|\\-]", screen);
            File.Delete(s.File("o.kd"));
            Tools.Result piped = Tools.MustSucceed(Tools.Ours($"-d 31 -l \"{Fixtures.Ours612Elf}\" \"{s.File("o.kd")}\""), "piped");
            Assert.DoesNotContain("Copying data", piped.Stderr + piped.Stdout);
        }
    }
}
