using Bench.Flows;
using Xunit;

namespace EndToEnd.Tests.Flows
{
    /// <summary>Issue 5, flow 1: two snapshots of A taken from B, before and after A changed state.</summary>
    public class SnapshotFlowTests
    {
        [Fact]
        public void BSavesTwoSnapshotsThatShowAsStateBeforeAndAfter()
        {
            SnapshotFlow.Result r = SnapshotFlow.Run();
            var log = r.Log;
            Assert.Equal(0, log.GetStep("a-jump-1").ExitCode);
            Assert.Equal(0, log.GetStep("a-jump-2").ExitCode);
            Assert.Equal(0, log.GetStep("b-snapshot-1").ExitCode);
            Assert.Equal(0, log.GetStep("b-snapshot-2").ExitCode);
            Assert.Equal(2, log.Boots.Count); // A once, B once: the second jump resumed B

            foreach (var read in new System.Func<string, string>[] { DumpReaders.OursDmesg, DumpReaders.DebianDmesg })
            {
                string first = read(r.Snapshot1);
                string second = read(r.Snapshot2);
                Assert.Contains("flow-state " + r.StateBefore, first);
                Assert.DoesNotContain(r.StateAfter, first);
                Assert.Contains("flow-state " + r.StateBefore, second);
                Assert.Contains("flow-state " + r.StateAfter, second);
            }
        }
    }
}
