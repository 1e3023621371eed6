using Bench.Flows;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Flows
{
    /// <summary>What every hibernation run must show, on any guest architecture.</summary>
    internal static class HibernationChecks
    {
        /// <param name="counterSlack">How far A's counter may have run on between its last
        /// reading and the jump (i386: while kexec -e starts under Mono).</param>
        public static void AssertAResumed(HibernationFlow.Result r, int counterSlack, ITestOutputHelper output, string label)
        {
            var h = r.Hibernate;
            var s = r.Resume;
            Assert.Equal(0, h.GetStep("a-load").ExitCode);
            Assert.Equal(0, h.GetStep("b-save").ExitCode);
            Assert.Equal(0, h.GetStep("b-umount").ExitCode);
            Assert.Contains("krestore exit 0", s.GetStep("r-krestore").Text);
            // The entry came from the image's KEXEC_JUMP note, which makedumpfile wrote from
            // kexec_jump_back_entry= on the hibernating kernel's command line.
            Assert.StartsWith("0x", s.Values["r-entry"]);
            Assert.Equal(System.Convert.ToUInt64(h.Values["b-entry"], 16), System.Convert.ToUInt64(s.Values["r-entry"], 16));
            Assert.Equal(0, s.GetStep("r-helper").ExitCode);
            // A goes on in the new VM: its jump returns 0, the counter continues from where it was.
            Assert.Equal(0, s.GetStep("a-hibernate").ExitCode);
            int before = int.Parse(h.Values["a-count-before"]);
            int resumed = int.Parse(s.Values["a-count-resumed"]);
            int after = int.Parse(s.Values["a-count-after"]);
            Assert.InRange(resumed, before, before + counterSlack);
            Assert.True(after > resumed, "A's counting process did not go on after resume");
            Assert.Equal(0, s.GetStep("a-alive").ExitCode);
            Assert.Equal(h.GetStep("a-fill-sum").Text.Trim(), s.GetStep("a-fill-sum-after").Text.Trim());
            Assert.Equal("A resumed: console works", s.GetStep("a-console").Text.Trim());
            Assert.Equal(0, s.DoneExitCode);
            output.WriteLine($"{label}image {r.ImageBytes / 1048576.0:0.0} MiB; save {r.SaveTime.TotalSeconds:0.0} s, hibernate {r.HibernateTime.TotalSeconds:0.0} s; " +
                $"restore {r.RestoreTime.TotalSeconds:0.0} s, resume (VM start to A running) {r.ResumeTime.TotalSeconds:0.0} s");
            output.WriteLine(s.GetStep("r-krestore").Text);
        }
    }
}
