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

        [Fact]
        public void AIsSavedStoppedAndResumedInANewVm()
        {
            HibernationFlow.Result r = HibernationFlow.Run();
            HibernationChecks.AssertAResumed(r, counterSlack: 2, _out, "");
        }
    }
}
