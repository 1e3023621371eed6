using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// Issue 6: hibernation without ACPI (issue 5, flow 2) on i386 guests: the hibernating
    /// kernel saves A with makedumpfile under Mono, the resuming kernel of a new VM writes A
    /// back with krestore (A's i386 entry list: 32-bit words at control page + 0x81c) and jumps into it.
    /// </summary>
    public class I386HibernationFlowTests
    {
        private readonly ITestOutputHelper _out;
        public I386HibernationFlowTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void AIsSavedStoppedAndResumedInANewVm()
        {
            HibernationFlow.Result r = HibernationFlow.Run(layout: JumpLayout.I386);
            var h = r.Hibernate;
            var s = r.Resume;
            Assert.Equal(0, h.GetStep("a-load").ExitCode);
            Assert.Equal(0, h.GetStep("b-save").ExitCode);
            Assert.Equal(0, h.GetStep("b-umount").ExitCode);
            Assert.Contains("krestore exit 0", s.GetStep("r-krestore").Text);
            Assert.StartsWith("0x", s.Values["r-entry"]);
            Assert.Equal(System.Convert.ToUInt64(h.Values["b-entry"], 16), System.Convert.ToUInt64(s.Values["r-entry"], 16));
            Assert.Equal(0, s.GetStep("r-helper").ExitCode);
            Assert.Equal(0, s.GetStep("a-hibernate").ExitCode);
            int before = int.Parse(h.Values["a-count-before"]);
            int resumed = int.Parse(s.Values["a-count-resumed"]);
            int after = int.Parse(s.Values["a-count-after"]);
            // A's counter runs on while kexec -e starts under Mono (4-6 s) before the jump, so
            // "resumed" may exceed "before" by the host time from A's mark to B's boot, not more.
            int startSlack = (int)System.Math.Ceiling((h.MarkTimes["b-booted"] - h.MarkTimes["a-hibernating"]).TotalSeconds);
            Assert.InRange(resumed, before, before + startSlack + 2);
            Assert.True(after > resumed, "A's counting process did not go on after resume");
            Assert.Equal(0, s.GetStep("a-alive").ExitCode);
            Assert.Equal(h.GetStep("a-fill-sum").Text.Trim(), s.GetStep("a-fill-sum-after").Text.Trim());
            Assert.Equal("A resumed: console works", s.GetStep("a-console").Text.Trim());
            Assert.Equal(0, s.DoneExitCode);
            _out.WriteLine($"i386: image {r.ImageBytes / 1048576.0:0.0} MiB; save {r.SaveTime.TotalSeconds:0.0} s, hibernate {r.HibernateTime.TotalSeconds:0.0} s; " +
                $"restore {r.RestoreTime.TotalSeconds:0.0} s, resume (VM start to A running) {r.ResumeTime.TotalSeconds:0.0} s");
            _out.WriteLine(s.GetStep("r-krestore").Text);
        }
    }
}
