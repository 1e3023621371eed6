using Bench.Build;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>
    /// Issue 3: an ELF program that is no kernel, loaded with --load-jump-back --args-none, is
    /// called in physical mode and returns to the old kernel. The program (tests/Bench/Guest/
    /// physmarker.S) prints on COM1 and writes a marker into its own memory, which A then finds
    /// through /proc/kimgcore; after a reload A calls it again.
    /// </summary>
    public class ArgsNoneJumpTests
    {
        private const string Program = "/boot/physmarker";
        // physmarker writes this string (it carries it reversed) into its own memory.
        private const string Marker = "PHYSMARKER-PHYSICAL-MODE-WORLD";

        [Fact]
        public void APhysicalModeProgramRunsAndReturnsTwice()
        {
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "args-none-jump",
                Timeout = System.TimeSpan.FromMinutes(4),
                Script = $@"
start_counter
step a-plan kexec --load-jump-back --args-none {Program} --dry-run
for n in 1 2; do
  step a-load-$n kexec --load-jump-back --args-none {Program}
  step a-before-$n sh -c 'findoff /proc/kimgcore {Marker} | wc -l'
  step a-call-$n kexec -e
  step a-after-$n sh -c 'findoff /proc/kimgcore {Marker} | wc -l'
done
step a-alive kill -0 $counter
",
                Customize = (initramfs, _) =>
                {
                    initramfs.AddHostFile(Program, GuestHelpers.PhysMarker());
                    initramfs.AddHostFile("/usr/bin/findoff", GuestHelpers.FindOff(), 0x1ED);
                },
            });
            Assert.Equal(0, log.GetStep("a-plan").ExitCode);
            Assert.Contains("0x" + GuestHelpers.PhysMarkerAddress.ToString("x"), log.GetStep("a-plan").Text);
            foreach (int n in new[] { 1, 2 })
            {
                Assert.Equal(0, log.GetStep($"a-load-{n}").ExitCode);
                Assert.Equal("0", log.GetStep($"a-before-{n}").Text.Trim());
                Assert.Equal(0, log.GetStep($"a-call-{n}").ExitCode);
                // The program ran: its lines are on the console inside A's kexec -e, and its
                // marker is in its memory now.
                string call = log.GetStep($"a-call-{n}").Text;
                Assert.Contains("physmarker: running in physical mode", call);
                Assert.Contains("physmarker: returning to the old kernel", call);
                Assert.Equal("1", log.GetStep($"a-after-{n}").Text.Trim());
            }
            Assert.Equal(0, log.GetStep("a-alive").ExitCode);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
