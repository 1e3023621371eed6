using Bench.Build;
using Bench.Qemu;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>
    /// Issue 3, scenario 3: A jumps to B with the seed's own command, B reads A's memory
    /// through /proc/vmcore (A's VMCOREINFO, and a marker A wrote into its kernel log, found
    /// with makedumpfile --dump-dmesg), loads the helper from the entry on its command line and jumps
    /// back; A goes on. Then A jumps again and B resumes instead of booting afresh. Issue 15:
    /// the same with 2 CPUs in A, whose jump takes CPU 1 down and whose return brings it back.
    /// </summary>
    public class JumpRoundTripTests
    {
        // B's range is kept free in A with memmap=96M$16M (as the original design reserved it),
        // so A's own kernel and data never lie in B's range. The seed's --mem-min=0x100000
        // puts A's kernel inside B's range; see the issue notes for what that still lacks.
        internal const string MemMin = "0x1000000";
        internal const string MemMax = "0x6ffffff";
        internal const string ReserveInA = "memmap=96M$0x1000000";

        private readonly ITestOutputHelper _output;
        public JumpRoundTripTests(ITestOutputHelper output) { _output = output; }

        /// <param name="flavour">The kernel A and B run: 6.12, or 7.3 with the kjump convention of 6.14 on (B's next entry at 8(%rsp)).</param>
        /// <param name="cpus">QEMU's -smp for the machine (the tinyconfig kernels have NR_CPUS=2).</param>
        [Theory]
        [InlineData("x86_64", 1)]
        [InlineData(KernelBuild.X86_64_7_3, 1)]
        [InlineData("x86_64", 2)]
        public void AJumpsToBAndBackTwice(string flavour, int cpus)
        {
            string? kernel = flavour == "x86_64" ? null : KernelBuild.Get(flavour).BzImage;
            var marker = new SplitMarker();
            var b = new SecondKernel
            {
                KernelImage = kernel,
                Script = $@"
entry=$(sed -n 's/.*kexec_jump_back_entry=\(0x[0-9a-fA-F]*\).*/\1/p' /proc/cmdline)
value b-entry ""$entry""
value b-cpus ""$(cat /sys/devices/system/cpu/online)""
step b-ram sh -c 'grep MemTotal /proc/meminfo'
step b-cmdline cat /proc/cmdline
step b-kernel-log sh -c 'dmesg | grep -i -E ""vmcore|elfcore|oldmem|e820|kexec"" | head -40'
step b-vmcore-header sh -c 'head -c 4 /proc/vmcore | od -An -c'
step b-vmcoreinfo sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""OSRELEASE=[0-9][^[:space:]]*"" | head -1'
t0=$(cut -d' ' -f1 /proc/uptime)
step b-dmesg makedumpfile --dump-dmesg /proc/vmcore /tmp/a-dmesg.txt
t1=$(cut -d' ' -f1 /proc/uptime)
value b-dmesg-seconds $(echo ""$t1 $t0"" | awk '{{print $1 - $2}}')
step b-marker grep -o {marker.ShellExpression} /tmp/a-dmesg.txt
step b-helper kexec --load-jump-back-helper=""$entry""
n=0
while [ $n -lt 5 ]; do
  n=$((n+1))
  value b-round $n
  step b-jump-back-$n kexec -e
done
",
            };
            var sw = System.Diagnostics.Stopwatch.StartNew();
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = (flavour == "x86_64" ? "jump-round-trip" : flavour + "-jump-round-trip") + (cpus == 1 ? "" : $"-{cpus}cpus"),
                KernelImage = kernel,
                Cpus = cpus,
                ExtraAppend = ReserveInA,
                Timeout = System.TimeSpan.FromMinutes(8),
                Script = $@"
echo {marker.ShellExpression} > /tmp/marker
# Into A's printk buffer at KERN_INFO: below the console's loglevel=4, so never printed by A.
echo ""<6>""{marker.ShellExpression} > /dev/kmsg
( i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; sleep 1; done ) &
counter=$!
step a-load kexec --load-jump-back {SecondKernel.GuestKernelPath} --mem-min={MemMin} --mem-max={MemMax} --elf64-core-headers --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 bench.role=B""
for round in 1 2; do
  before=$(cat /tmp/counter)
  value a-before-$round $before
  step a-jump-$round kexec -e
  sleep 3
  value a-after-$round $(cat /tmp/counter)
  step a-alive-$round kill -0 $counter
  step a-marker-$round sh -c 'test ""$(cat /tmp/marker)"" = {marker.ShellExpression}'
  step a-cpus-$round cat /sys/devices/system/cpu/online
done
step a-hotplug sh -c 'echo ""$(dmesg | grep -c ""CPU [0-9]* is now offline"") down, $(dmesg | grep -c ""CPU[0-9]* is up"") up, $(dmesg | grep -c ""kexec_trylock() failed"") failed trylocks""'
",
                Customize = b.AddTo,
            });

            _output.WriteLine($"jump round trip ({flavour}, {cpus} CPUs) scenario: {sw.Elapsed.TotalSeconds:0} s; CPUs online in B: {log.Values["b-cpus"]}");

            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            Assert.StartsWith("0x", log.Values["b-entry"]);
            // B reads A's memory: /proc/vmcore is an ELF core carrying A's VMCOREINFO. (A full
            // scan for A's marker takes over 6 minutes under TCG; see the issue notes.)
            Assert.Contains("E   L   F", log.GetStep("b-vmcore-header").Text);
            Assert.StartsWith("OSRELEASE=" + KernelBuild.ReleasePrefix(flavour), log.GetStep("b-vmcoreinfo").Text.Trim());
            // B finds A's marker in A's kernel log with our makedumpfile --dump-dmesg, which
            // reads only the printk ring buffer, and nothing printed it before B did.
            Assert.Equal(0, log.GetStep("b-dmesg").ExitCode);
            Assert.Equal(marker.Whole, log.GetStep("b-marker").Text.Trim());
            Assert.True(log.Text.IndexOf(marker.Whole, System.StringComparison.Ordinal) > log.Text.IndexOf("@@BENCH:BEGIN b-marker", System.StringComparison.Ordinal),
                "A's marker appeared on the console before B printed it");
            Assert.Equal(0, log.GetStep("b-helper").ExitCode);
            foreach (int round in new[] { 1, 2 })
            {
                // kexec -e returns 0 in A once B jumps back.
                Assert.Equal(0, log.GetStep($"a-jump-{round}").ExitCode);
                Assert.Equal(0, log.GetStep($"a-alive-{round}").ExitCode);
                Assert.Equal(0, log.GetStep($"a-marker-{round}").ExitCode);
                Assert.True(int.Parse(log.Values[$"a-after-{round}"]) > int.Parse(log.Values[$"a-before-{round}"]),
                    "A's counting process did not go on after the jump back");
                // Every CPU the jump took down (freeze_secondary_cpus) is online again after the return.
                Assert.Equal(cpus == 1 ? "0" : $"0-{cpus - 1}", log.GetStep($"a-cpus-{round}").Text.Trim());
            }
            // Each of the two jumps took the other CPUs down and brought them back (kernel/cpu.c's
            // freeze/thaw_secondary_cpus), and patch 10 kept those hotplug events from warning,
            // crash kernel loaded or not (KernelRules/KimgcoreRulesTests: a loaded one survives them).
            int others = 2 * (cpus - 1);
            Assert.Equal($"{others} down, {others} up, 0 failed trylocks", log.GetStep("a-hotplug").Text.Trim());
            // B booted once: its second entry resumed it where it left (round 2 of its loop).
            Assert.Equal(2, log.Boots.Count);
            Assert.Equal("2", log.Values["b-round"]);
            Assert.Equal(0, log.GetStep("b-jump-back-1").ExitCode);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
