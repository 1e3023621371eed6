using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests
{
    /// <summary>The marker protocol between Guest/lib.sh and the host, including kernel noise mid-line.</summary>
    public class ConsoleLogTests
    {
        [Fact]
        public void ParsesStepsMarksValuesAndInterleavedKernelMessages()
        {
            var log = new ConsoleLog(
                "[    0.000000] Linux version 6.12\r\n" +
                "@@BENCH:BOOTED 6.12.57\n" +
                "@@BENCH:BEGIN one\nhello\n[    1.2] kernel says@@BENCH:END one rc=3\n" +
                "@@BENCH:MARK ready-for-dump\n@@BENCH:VALUE marker=abc=def\n" +
                "@@BENCH:BEGIN two\npartial output\n");
            Assert.Equal(new[] { "6.12.57" }, log.Boots);
            Assert.Equal(3, log.GetStep("one").ExitCode);
            Assert.Equal("hello\n[    1.2] kernel says", log.GetStep("one").Text);
            Assert.Contains("ready-for-dump", log.Marks);
            Assert.Equal("abc=def", log.Values["marker"]);
            Assert.Null(log.GetStep("two").ExitCode);
            Assert.Null(log.DoneExitCode);
            Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => log.GetStep("three"));
        }
    }
}
