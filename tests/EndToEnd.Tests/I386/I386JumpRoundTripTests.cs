using System;
using Bench.I386;
using Bench.Qemu;
using Xunit;
using Xunit.Abstractions;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// Issue 6, jump round trip on i386 (mirrors <see cref="Kexec.JumpRoundTripTests"/>): A jumps to
    /// B with the seed's command line, B reads A's memory through /proc/vmcore, loads the
    /// helper from kexec_jump_back_entry and jumps back; A goes on. Then A jumps again and B
    /// resumes instead of booting afresh. kexec runs under Mono in both kernels.
    /// </summary>
    public class I386JumpRoundTripTests
    {
        // The seed's --mem-min=0x100000 --mem-max=0xffffff (15 MiB) cannot hold B: its bzImage
        // needs 7 MiB (init_size) and its initramfs with Mono and our tools 17 MiB packed, 31
        // MiB unpacked. B gets 96 MiB from 32 MiB up, kept free in A with memmap= (so A's
        // kernel, wherever KASLR puts it outside reserved ranges, is never in it). Measured:
        // 80 MiB passed once (34 MB available in B); with 64 MiB (57 MB MemTotal) Mono died
        // of SIGSEGV loading the helper in B. 96 MiB leaves a margin.
        internal const string MemMin = "0x2000000";
        internal const string MemMax = "0x7ffffff";
        internal const string ReserveInA = "memmap=96M$0x2000000";

        private readonly ITestOutputHelper _output;

        public I386JumpRoundTripTests(ITestOutputHelper output) { _output = output; }

        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void AJumpsToBAndBackTwice(string flavour)
        {
            var marker = new SplitMarker();
            var b = new I386SecondKernel
            {
                Flavour = flavour,
                WithTools = true,
                Script = @"
entry=$(sed -n 's/.*kexec_jump_back_entry=\(0x[0-9a-fA-F]*\).*/\1/p' /proc/cmdline)
value b-entry ""$entry""
step b-ram sh -c 'grep -E ""MemTotal|MemAvailable"" /proc/meminfo'
step b-cmdline cat /proc/cmdline
step b-kernel-log sh -c 'dmesg | grep -i -E ""vmcore|elfcore|oldmem|e820|kexec"" | head -40'
step b-vmcore-ident sh -c 'head -c 5 /proc/vmcore | od -An -tu1'
step b-vmcoreinfo sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""OSRELEASE=[0-9][^[:space:]]*"" | head -1'
# A's entry list, through /dev/oldmem, found as A's VMCOREINFO (in /proc/vmcore) says:
# image->head is the 32-bit word at NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET) in A's control page
# (the jump-back entry's page), then the first two entries.
off=$(head -c 1048576 /proc/vmcore | grep -a -o ""NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET)=[0-9]*"" | head -1 | cut -d= -f2)
value b-list-offset ""$off""
head=$(dd if=/dev/oldmem bs=4 skip=$(( ((entry & ~0xfff) + off) / 4 )) count=1 2>/dev/null | od -An -tx4 | tr -d ' ')
value b-list-head ""$head""
step b-list-entries sh -c ""dd if=/dev/oldmem bs=4 skip=$(( (0x$head & ~0xfff) / 4 )) count=2 2>/dev/null | od -An -tx4""
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
                Name = "i386-jump-round-trip-" + flavour,
                Arch = "i386",
                KernelImage = Bench.Build.KernelBuild.Get(flavour).BzImage,
                ExtraAppend = ReserveInA,
                Timeout = TimeSpan.FromMinutes(8),
                Script = $@"
echo {marker.ShellExpression} > /tmp/marker
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
done
",
                Customize = b.AddTo,
            });
            _output.WriteLine($"i386 jump round trip ({flavour}) scenario: {sw.Elapsed.TotalSeconds:0} s");

            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            Assert.StartsWith("0x", log.Values["b-entry"]);
            Assert.Equal(new[] { "127", "69", "76", "70", "2" },
                log.GetStep("b-vmcore-ident").Text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("OSRELEASE=6.12.", log.GetStep("b-vmcoreinfo").Text.Trim());
            // A's VMCOREINFO states where the head is (control page + 0x81c, relocate_kernel_32.S).
            Assert.Equal("2076", log.Values["b-list-offset"]);
            // i386 layout (native/README.md, "i386"): the head is an indirection page (IND_INDIRECTION
            // 0x2), whose first entries are a destination (IND_DESTINATION 0x1) and its source (IND_SOURCE 0x8).
            Assert.Equal(0x2u, Convert.ToUInt32(log.Values["b-list-head"], 16) & 0xfff);
            string[] entries = log.GetStep("b-list-entries").Text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, entries.Length);
            Assert.Equal(0x1u, Convert.ToUInt32(entries[0], 16) & 0xfff);
            Assert.Equal(0x8u, Convert.ToUInt32(entries[1], 16) & 0xfff);
            Assert.Equal(0, log.GetStep("b-helper").ExitCode);
            foreach (int round in new[] { 1, 2 })
            {
                // kexec -e returns 0 in A once B jumps back.
                Assert.Equal(0, log.GetStep($"a-jump-{round}").ExitCode);
                Assert.Equal(0, log.GetStep($"a-alive-{round}").ExitCode);
                Assert.Equal(0, log.GetStep($"a-marker-{round}").ExitCode);
                Assert.True(int.Parse(log.Values[$"a-after-{round}"]) > int.Parse(log.Values[$"a-before-{round}"]),
                    "A's counting process did not go on after the jump back");
            }
            // B booted once: its second entry resumed it where it left (round 2 of its loop).
            Assert.Equal(2, log.Boots.Count);
            Assert.Equal("2", log.Values["b-round"]);
            Assert.Equal(0, log.GetStep("b-jump-back-1").ExitCode);
            Assert.Equal(0, log.DoneExitCode);
        }
    }
}
