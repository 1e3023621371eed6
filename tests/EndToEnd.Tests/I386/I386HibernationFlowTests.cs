using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// Issue 6: hibernation without ACPI (issue 5, flow 2) on i386 guests, and issue 15,
    /// scenario 7: with and without PAE. The hibernating kernel saves A with makedumpfile
    /// under Mono, the resuming kernel of a new VM writes A back with krestore (A's i386 entry
    /// list: 32-bit words at control page + 0x81c, with PAE too) and jumps into it.
    /// </summary>
    public class I386HibernationFlowTests
    {
        private readonly ITestOutputHelper _out;
        public I386HibernationFlowTests(ITestOutputHelper output) => _out = output;

        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void AIsSavedStoppedAndResumedInANewVm(string flavour)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            HibernationFlow.Result r = HibernationFlow.Run(layout: JumpLayout.For(flavour));
            _out.WriteLine($"{flavour} hibernation flow (both VMs): {sw.Elapsed.TotalSeconds:0} s");
            // A's counter runs on while kexec -e starts under Mono (4-6 s) before the jump, so
            // "resumed" may exceed "before" by the host time from A's mark to B's boot, not more.
            var h = r.Hibernate;
            int startSlack = (int)System.Math.Ceiling((h.MarkTimes["b-booted"] - h.MarkTimes["a-hibernating"]).TotalSeconds);
            Flows.HibernationChecks.AssertAResumed(r, counterSlack: startSlack + 2, _out, flavour + ": ");
        }
    }
}
