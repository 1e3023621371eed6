using Bench.Flows;
using Xunit;

namespace EndToEnd.Tests.Flows
{
    /// <summary>Issue 5, flow 3: A writes into B's memory through /proc/kimgcore and B reads it.</summary>
    public class KimgcoreChannelTests
    {
        [Fact]
        public void AWritesAMessageIntoBsMemoryThatBReads()
        {
            KimgcoreChannelFlow.Result r = KimgcoreChannelFlow.Run();
            var log = r.Log;
            Assert.Equal(0, log.GetStep("a-jump-1").ExitCode);
            // An ELF core of B's image: \x7fELF, ELFCLASS64, little-endian, version 1; at offset 16
            // e_type ET_CORE (4) and e_machine EM_X86_64 (0x3e), little-endian halves.
            string[] header = log.GetStep("a-kimgcore-header").Text.Trim().Split('\n');
            Assert.Equal(2, header.Length);
            Assert.StartsWith("0000000 7f 45 4c 46 02 01 01", header[0].Trim());
            Assert.StartsWith("0000016 04 00 3e 00", header[1].Trim());
            Assert.Equal(0, log.GetStep("a-find").ExitCode);
            Assert.Equal(0, log.GetStep("a-write").ExitCode);
            Assert.NotEqual("0", log.GetStep("a-verify").Text.Trim());
            Assert.Equal(0, log.GetStep("a-jump-2").ExitCode);
            Assert.Equal(r.Message, log.GetStep("b-bstate").Text.Trim());
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
