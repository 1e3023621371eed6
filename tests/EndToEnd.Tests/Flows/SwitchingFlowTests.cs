using System;
using System.Linq;
using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Flows
{
    /// <summary>Issue 5, flow 4: ten round trips between A and B; B boots once; switches are timed.</summary>
    public class SwitchingFlowTests
    {
        private readonly ITestOutputHelper _out;
        public SwitchingFlowTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void AAndBSwitchTenTimesWithoutBooting()
        {
            SwitchingFlow.Result r = SwitchingFlow.Run(10);
            Assert.Equal(0, r.Log.DoneExitCode);
            Assert.Equal(0, r.Log.GetStep("a-alive").ExitCode);
            Assert.Equal(2, r.Log.Boots.Count);
            var switches = r.Switches.Select(t => t.TotalSeconds).OrderBy(s => s).ToList();
            _out.WriteLine($"first jump (B boots): {r.FirstJumpWithBoot.TotalSeconds:0.00} s; " +
                $"{switches.Count} switches after it: median {switches[switches.Count / 2]:0.00} s, min {switches[0]:0.00} s, max {switches[^1]:0.00} s; " +
                $"A->B {string.Join(" ", r.AToB.Skip(1).Select(t => t.TotalSeconds.ToString("0.00")))}; B->A {string.Join(" ", r.BToA.Select(t => t.TotalSeconds.ToString("0.00")))}");
            // Every round trip was timed (the first A->B boots B and is not a switch), and no
            // switch booted B again: each is shorter than the jump that booted it (0.5-0.9 s
            // against 4.6-5.8 s measured; a boot in B is seconds under TCG).
            Assert.Equal(2 * r.Rounds - 1, switches.Count);
            Assert.All(switches, s => Assert.InRange(s, 0.001, r.FirstJumpWithBoot.TotalSeconds * 0.5));
        }
    }
}
