using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Flows
{
    /// <summary>Issue 5, flow 3: A writes into B's memory through /proc/kimgcore and B reads it; on each bench kernel.</summary>
    public class KimgcoreChannelTests
    {
        private readonly ITestOutputHelper _out;
        public KimgcoreChannelTests(ITestOutputHelper output) => _out = output;

        [Theory]
        [InlineData("x86_64")]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void AWritesAMessageIntoBsMemoryThatBReads(string flavour)
        {
            JumpLayout layout = JumpLayout.For(flavour);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            KimgcoreChannelFlow.Result r = KimgcoreChannelFlow.Run(layout: layout);
            _out.WriteLine($"{flavour} kimgcore channel: {sw.Elapsed.TotalSeconds:0} s");
            var log = r.Log;
            Assert.Equal(0, log.GetStep("a-jump-1").ExitCode);
            // An ELF core of B's image in the kernel's native format (struct elfhdr): \x7fELF,
            // EI_CLASS (ELFCLASS64 2 on x86_64; ELFCLASS32 1 on i386, PAE too), little-endian,
            // version 1; at offset 16 e_type ET_CORE (4) and e_machine, little-endian halves.
            string[] header = log.GetStep("a-kimgcore-header").Text.Trim().Split('\n');
            Assert.Equal(2, header.Length);
            Assert.StartsWith($"0000000 7f 45 4c 46 {layout.Kernel.CoreElfClass:x2} 01 01", header[0].Trim());
            Assert.StartsWith($"0000016 04 00 {layout.Kernel.CoreElfMachine:x2} 00", header[1].Trim());
            Assert.Equal(0, log.GetStep("a-find").ExitCode);
            Assert.NotEqual("", log.GetStep("a-find").Text.Trim());
            Assert.Equal(0, log.GetStep("a-write").ExitCode);
            Assert.NotEqual("0", log.GetStep("a-verify").Text.Trim());
            Assert.Equal(0, log.GetStep("a-jump-2").ExitCode);
            Assert.Equal(r.Message, log.GetStep("b-bstate").Text.Trim());
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
