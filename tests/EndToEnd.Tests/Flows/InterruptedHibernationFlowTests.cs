using System.Linq;
using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Flows
{
    /// <summary>
    /// Issue 12, interrupted runs: a VM killed during B's save leaves no image under its final
    /// name and a partial file that krestore refuses and the next save removes; a krestore
    /// killed while it writes A's memory is run again from the start and A goes on intact.
    /// </summary>
    public class InterruptedHibernationFlowTests
    {
        private readonly ITestOutputHelper _out;
        public InterruptedHibernationFlowTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void AKilledSaveIsRefusedAndCleanedUpAndAKilledRestoreIsRunAgain()
        {
            InterruptedHibernationFlow.Result r = InterruptedHibernationFlow.Run();
            var killed = r.Killed;
            var h = r.Hibernate;
            var s = r.Resume;
            _out.WriteLine($"first VM killed with {killed.Values["b-partial-bytes"]} bytes in the partial file");
            Assert.True(long.Parse(killed.Values["b-partial-bytes"]) >= InterruptedHibernationFlow.KillAtBytes, "the writer was frozen before the partial file reached its size");

            // The killed run left its hidden partial file and nothing under the final name.
            string[] left = h.GetStep("b-left").Output.Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            _out.WriteLine("left on the disk: " + string.Join(" ", left));
            Assert.DoesNotContain("hibernate.img", left);
            Assert.Single(left);
            Assert.Matches(@"^\.hibernate\.img\.partial-[0-9]+-[0-9a-f]{8}-[0-9a-f]{8}$", left[0]);

            // krestore refuses it before writing anything, in one line.
            var refused = h.GetStep("b-restore-partial");
            _out.WriteLine("krestore on the partial file: " + refused.Text);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Single(refused.Output.Where(l => l.Trim().Length > 0));
            Assert.StartsWith("krestore: ", refused.Text.Trim());

            // The next save removes it and says so, then saves as usual.
            var save = h.GetStep("b-save");
            Assert.Equal(0, save.ExitCode);
            Assert.Contains(left[0], save.Text);
            Assert.Contains("left by an interrupted run", save.Text);

            // The resuming kernel's first krestore was killed while writing A's memory.
            Assert.Equal("yes", s.Values["r-killed-writing"]);
            Assert.Equal("137", s.Values["r-killed-rc"]);
            HibernationChecks.AssertAResumed(new HibernationFlow.Result(h, s, "", 0), counterSlack: 2, _out, "after a killed krestore: ");
        }
    }
}
