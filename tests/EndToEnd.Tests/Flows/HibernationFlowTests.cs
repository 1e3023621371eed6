using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Flows
{
    /// <summary>Issue 5, flow 2: hibernate A to a disk from B, resume it in a new VM with krestore.</summary>
    public class HibernationFlowTests
    {
        private readonly ITestOutputHelper _out;
        public HibernationFlowTests(ITestOutputHelper output) => _out = output;

        /// <param name="flavour">The kernel A, B and the resuming kernel run: 6.12 or 7.3 (kjump convention and control page layout of 6.14 on).</param>
        [Theory]
        [InlineData("x86_64")]
        public void AIsSavedStoppedAndResumedInANewVm(string flavour)
        {
            HibernationFlow.Result r = HibernationFlow.Run(layout: JumpLayout.For(flavour));
            HibernationChecks.AssertAResumed(r, counterSlack: 2, _out, "");
        }
    }
}
