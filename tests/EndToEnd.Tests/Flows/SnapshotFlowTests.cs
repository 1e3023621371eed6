using System;
using System.Collections.Generic;
using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Flows
{
    /// <summary>Issue 5, flow 1: two snapshots of A taken from B, before and after A changed state; on each bench kernel.</summary>
    public class SnapshotFlowTests
    {
        private readonly ITestOutputHelper _out;
        public SnapshotFlowTests(ITestOutputHelper output) => _out = output;

        [Theory]
        [InlineData("x86_64")]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void BSavesTwoSnapshotsThatShowAsStateBeforeAndAfter(string flavour)
        {
            JumpLayout layout = JumpLayout.For(flavour);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            SnapshotFlow.Result r = SnapshotFlow.Run(layout: layout);
            var log = r.Log;
            _out.WriteLine($"{flavour} snapshot flow: {sw.Elapsed.TotalSeconds:0} s; {log.GetStep("b-size-1").Text.Trim()}; {log.GetStep("b-size-2").Text.Trim()}");
            Assert.Equal(0, log.GetStep("a-jump-1").ExitCode);
            Assert.Equal(0, log.GetStep("a-jump-2").ExitCode);
            Assert.Equal(0, log.GetStep("b-snapshot-1").ExitCode);
            Assert.Equal(0, log.GetStep("b-snapshot-2").ExitCode);
            Assert.Equal(2, log.Boots.Count); // A once, B once: the second jump resumed B

            // Read by our makedumpfile and, where it can (BenchKernel.DebianMakedumpfileReads), Debian's 1.7.2.
            var readers = new List<Func<string, string>> { DumpReaders.OursDmesg };
            if (layout.Kernel.DebianMakedumpfileReads) readers.Add(DumpReaders.DebianDmesg);
            foreach (Func<string, string> read in readers)
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
