using System.Linq;
using Bench.Build;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>
    /// The seed's exact command, `kexec --load-jump-back BZIMAGE --mem-min=0x100000
    /// --mem-max=... --elf64-core-headers --initrd=...`, with nothing reserved in A: A's own
    /// kernel then lies inside B's range, and while B runs A's pages there (its printk buffer
    /// among them) sit in the source pages of A's kexec image. B must still have /proc/vmcore
    /// and find the marker A wrote into its kernel log; a second jump resumes B.
    /// </summary>
    public class SeedJumpCommandTests
    {
        internal const string MemMin = "0x100000";
        // B gets 159 MiB: its initramfs (the tools) takes about 60 MiB of tmpfs, and B keeps
        // a -d 31 save of A (about 15 MiB) there.
        internal const string MemMax = "0x9ffffff";

        /// <param name="flavour">The kernel A and B run: 6.12, or 7.3 (A's entry list in the control page layout of 6.14 on, found through 7.3's own VMCOREINFO export).</param>
        [Theory]
        [InlineData("x86_64")]
        [InlineData(KernelBuild.X86_64_7_3)]
        public void BReadsAsKernelLogWhenAsKernelIsInBsRange(string flavour)
        {
            string? kernel = BenchKernel.For(flavour).KernelImage;
            var marker = new SplitMarker();
            var b = new SecondKernel
            {
                KernelImage = kernel,
                Script = $@"
read_jump_back_entry
value b-entry ""$entry""
step b-cmdline cat /proc/cmdline
step b-kernel-log sh -c 'dmesg | grep -i -E ""vmcore|elfcore|oldmem|e820|kexec|ioremap"" | head -60'
step b-iomem cat /proc/iomem
step b-vmcore-size sh -c 'ls -l /proc/vmcore'
step b-vmcore-header sh -c 'head -c 4096 /proc/vmcore | od -An -tx8 | head -60'
t0=$(cut -d' ' -f1 /proc/uptime)
step b-dmesg makedumpfile --dump-dmesg /proc/vmcore /tmp/a-dmesg.txt
t1=$(cut -d' ' -f1 /proc/uptime)
value b-dmesg-seconds $(echo ""$t1 $t0"" | awk '{{print $1 - $2}}')
step b-marker grep -o {marker.ShellExpression} /tmp/a-dmesg.txt
t0=$(cut -d' ' -f1 /proc/uptime)
step b-save makedumpfile -d 31 -l --message-level 6 /proc/vmcore /tmp/a.kd
step b-free free
t1=$(cut -d' ' -f1 /proc/uptime)
value b-save-seconds $(echo ""$t1 $t0"" | awk '{{print $1 - $2}}')
step b-save-size sh -c 'ls -l /tmp/a.kd'
step b-saved-dmesg makedumpfile --dump-dmesg /tmp/a.kd /tmp/a-dmesg-saved.txt
step b-saved-marker grep -o {marker.ShellExpression} /tmp/a-dmesg-saved.txt
rm -f /tmp/a.kd
step b-save-17 makedumpfile -d 17 -l --message-level 6 /proc/vmcore /tmp/a17.kd
step b-save-17-size sh -c 'ls -l /tmp/a17.kd'
step b-restore-plan krestore --dry-run /tmp/a17.kd
rm -f /tmp/a17.kd
step b-helper kexec --load-jump-back-helper=""$entry""
step b-jump-back kexec -e
step b-resumed echo 'B resumed, not booted again'
step b-jump-back-2 kexec -e
",
            };
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = flavour == "x86_64" ? "seed-jump-command" : flavour + "-seed-jump-command",
                KernelImage = kernel,
                // A's kernel at 16 MiB, inside B's range (KASLR would put it anywhere).
                ExtraAppend = "nokaslr",
                Timeout = System.TimeSpan.FromMinutes(8),
                Script = $@"
echo {marker.ShellExpression} > /tmp/marker
# Into A's printk buffer at KERN_INFO: below the console's loglevel=4, so never printed by A.
echo ""<6>""{marker.ShellExpression} > /dev/kmsg
step a-iomem cat /proc/iomem
step a-vmcoreinfo cat /sys/kernel/vmcoreinfo
start_counter
step a-load kexec --load-jump-back {SecondKernel.GuestKernelPath} --mem-min={MemMin} --mem-max={MemMax} --elf64-core-headers --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4 bench.role=B""
before=$(cat /tmp/counter)
step a-jump kexec -e
sleep 2
value a-alive-after $(cat /tmp/counter)
step a-alive kill -0 $counter
step a-marker sh -c 'test ""$(cat /tmp/marker)"" = {marker.ShellExpression}'
value a-before-2 $(cat /tmp/counter)
step a-jump-2 kexec -e
sleep 2
value a-after-2 $(cat /tmp/counter)
step a-alive-2 kill -0 $counter
",
                Customize = b.AddTo,
            });

            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            Assert.StartsWith("0x", log.Values["b-entry"]);
            Assert.Equal(0, log.GetStep("b-dmesg").ExitCode);
            Assert.Equal(marker.Whole, log.GetStep("b-marker").Text.Trim());
            Assert.True(log.Text.IndexOf(marker.Whole, System.StringComparison.Ordinal) > log.Text.IndexOf("@@BENCH:BEGIN b-marker", System.StringComparison.Ordinal),
                "A's marker appeared on the console before B printed it");
            Assert.Contains("Kernel code", log.GetStep("a-iomem").Text);
            Assert.Contains("01000000-", log.GetStep("a-iomem").Text.Split('\n').First(l => l.Contains("Kernel code")));
            // A complete save of A (-d 31) from B holds A's kernel log from B's range too; and
            // krestore accepts a restorable save (-d 17) and plans to write A's B-range pages to
            // A's source pages (--dry-run does every check and decodes every page).
            Assert.Equal(0, log.GetStep("b-save").ExitCode);
            Assert.Equal(0, log.GetStep("b-saved-dmesg").ExitCode);
            Assert.Equal(marker.Whole, log.GetStep("b-saved-marker").Text.Trim());
            Assert.Equal(0, log.GetStep("b-save-17").ExitCode);
            Assert.Equal(0, log.GetStep("b-restore-plan").ExitCode);
            // Both kernels export where A's entry list is (6.12: patch 12 of the series; 7.3: patch 11
            // of its rebase), so neither tool falls back to the private control-page layout.
            Assert.DoesNotContain("does not export where its kexec entry list is", log.GetStep("b-save").Text);
            Assert.DoesNotContain("does not export where its kexec entry list is", log.GetStep("b-restore-plan").Text);
            Assert.Contains("jump-back entry: 0x" + System.Convert.ToUInt64(log.Values["b-entry"], 16).ToString("x"), log.GetStep("b-restore-plan").Text);
            Assert.Equal(0, log.GetStep("a-jump").ExitCode);
            Assert.Equal(0, log.GetStep("a-alive").ExitCode);
            Assert.Equal(0, log.GetStep("a-marker").ExitCode);
            // The second jump enters B where it left off: B booted once.
            Assert.Equal(0, log.GetStep("a-jump-2").ExitCode);
            Assert.Equal("B resumed, not booted again", log.GetStep("b-resumed").Text.Trim());
            Assert.Equal(2, log.Boots.Count);
            Assert.Equal(0, log.GetStep("a-alive-2").ExitCode);
            Assert.True(int.Parse(log.Values["a-after-2"]) > int.Parse(log.Values["a-before-2"]), "A's counting process did not go on after the second jump back");
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
