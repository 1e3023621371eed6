using System.Linq;
using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// Issue 6: the flows of issue 5 (tests/EndToEnd.Tests/Flows) on i386 guests (non-PAE
    /// bench kernel), with B at 32 MiB (<see cref="JumpLayout.I386"/>) and our tools under
    /// Mono in A and B.
    /// </summary>
    public class I386FlowTests
    {
        private readonly ITestOutputHelper _out;
        public I386FlowTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void AAndBSwitchTenTimesWithoutBooting()
        {
            SwitchingFlow.Result r = SwitchingFlow.Run(10, layout: JumpLayout.I386);
            Assert.Equal(0, r.Log.GetStep("a-load").ExitCode);
            Assert.Equal(0, r.Log.GetStep("b-helper").ExitCode);
            Assert.Equal(0, r.Log.GetStep("a-alive").ExitCode);
            Assert.Equal(0, r.Log.DoneExitCode);
            // A once, B once: each later jump resumed B where it stopped.
            Assert.Equal(2, r.Log.Boots.Count);
            var switches = r.Switches.Select(t => t.TotalSeconds).OrderBy(s => s).ToList();
            _out.WriteLine($"i386: first jump (B boots): {r.FirstJumpWithBoot.TotalSeconds:0.00} s; " +
                $"{switches.Count} switches after it: median {switches[switches.Count / 2]:0.00} s, min {switches[0]:0.00} s, max {switches[^1]:0.00} s; " +
                $"A->B {string.Join(" ", r.AToB.Skip(1).Select(t => t.TotalSeconds.ToString("0.00")))}; B->A {string.Join(" ", r.BToA.Select(t => t.TotalSeconds.ToString("0.00")))}");
            Assert.Equal(19, switches.Count);
            Assert.All(switches, s => Assert.True(s > 0));
        }
    }
}
