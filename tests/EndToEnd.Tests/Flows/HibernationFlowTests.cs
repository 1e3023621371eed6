using Bench.Build;
using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Flows
{
    /// <summary>
    /// Issue 5, flow 2: hibernate A to a disk from B, resume it in a new VM with krestore; on
    /// each bench kernel: 6.12 x86_64, 7.3 x86_64 (the kjump convention and control page
    /// layout of 6.14 on), and i386 with and without PAE (issue 6; issue 15, scenario 7), where
    /// makedumpfile and krestore run under Mono and A's entry list is 32-bit words at control
    /// page + 0x81c.
    /// </summary>
    public class HibernationFlowTests
    {
        private readonly ITestOutputHelper _out;
        public HibernationFlowTests(ITestOutputHelper output) => _out = output;

        [Theory]
        [InlineData("x86_64")]
        [InlineData(KernelBuild.X86_64_7_3)]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void AIsSavedStoppedAndResumedInANewVm(string flavour)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            HibernationFlow.Result r = HibernationFlow.Run(layout: JumpLayout.For(flavour));
            _out.WriteLine($"{flavour} hibernation flow (both VMs): {sw.Elapsed.TotalSeconds:0} s");
            // A's counter runs on from its last reading until the jump (under Mono, while kexec
            // -e starts, 4-6 s), never longer than until B has booted.
            var h = r.Hibernate;
            int startSlack = (int)System.Math.Ceiling((h.MarkTimes["b-booted"] - h.MarkTimes["a-hibernating"]).TotalSeconds);
            HibernationChecks.AssertAResumed(r, counterSlack: startSlack + 2, _out, flavour + ": ");
        }
    }
}
