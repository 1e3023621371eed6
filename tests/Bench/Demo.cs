using System;
using Bench.Qemu;

namespace Bench
{
    /// <summary>
    /// The README's main job: kernel A, with a process counting in the background, jumps to
    /// kernel B with our kexec; B saves a filtered snapshot of A's memory with our makedumpfile
    /// and jumps back; A goes on counting; then A switches to B and back once more without B
    /// booting again. Everything runs in a QEMU guest on our patched 6.12 kernel.
    /// </summary>
    internal static class Demo
    {
        // B's 96 MiB are kept free in A with memmap= (see tests/EndToEnd.Tests/Kexec/JumpRoundTripTests.cs).
        private const string MemMin = "0x1000000";
        private const string MemMax = "0x6ffffff";
        private const string ReserveInA = "memmap=96M$0x1000000";

        private const string ScriptB = @"
entry=$(sed -n 's/.*kexec_jump_back_entry=\(0x[0-9a-fA-F]*\).*/\1/p' /proc/cmdline)
step b-entry echo ""B booted; kexec_jump_back_entry=$entry""
step b-snapshot makedumpfile -l -d 31 --message-level 31 /proc/vmcore /tmp/a-snapshot.kdump
step b-snapshot-size ls -l /tmp/a-snapshot.kdump
step b-helper kexec --load-jump-back-helper=""$entry""
while :; do
  step b-jump-back kexec -e
  echo ""B resumed (not booted again)""
done
";

        private static readonly string ScriptA = $@"
( i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; sleep 1; done ) &
counter=$!
step a-load kexec --load-jump-back {SecondKernel.GuestKernelPath} --mem-min={MemMin} --mem-max={MemMax} --elf64-core-headers --initrd={SecondKernel.GuestInitrdPath} --append=""console=ttyS0 panic=-1 loglevel=4""
step a-plan kexec --load-jump-back {SecondKernel.GuestKernelPath} --mem-min={MemMin} --mem-max={MemMax} --elf64-core-headers --initrd={SecondKernel.GuestInitrdPath} --dry-run
for round in 1 2; do
  before=$(cat /tmp/counter)
  t0=$(cut -d' ' -f1 /proc/uptime)
  step a-jump-$round kexec -e
  t1=$(cut -d' ' -f1 /proc/uptime)
  sleep 2
  step a-after-$round sh -c ""echo 'A is back after $t0 -> $t1 s of uptime; counter $before -> '$(cat /tmp/counter); kill -0 $counter && echo 'counting process alive'""
done
";

        public static int Run(Action<string> log)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var b = new SecondKernel { Script = ScriptB };
            ConsoleLog result = Guest.Run(new GuestSpec
            {
                Name = "demo",
                ExtraAppend = ReserveInA,
                Script = ScriptA,
                Customize = b.AddTo,
                Timeout = TimeSpan.FromMinutes(10),
            }, log);
            Console.WriteLine($"kernels booted: {result.Boots.Count} ({string.Join(", ", result.Boots)})");
            foreach (ConsoleLog.Step step in result.Steps)
            {
                Console.WriteLine($"--- {(step.Name.StartsWith("b-") ? "B" : "A")}$ {step.Name} (exit {(step.ExitCode?.ToString() ?? "none: the kernel switched")})");
                foreach (string line in step.Output) Console.WriteLine("    " + line);
            }
            Console.WriteLine($"demo finished in {sw.Elapsed.TotalSeconds:0.0} s, scenario exit status {result.DoneExitCode}");
            bool ok = result.DoneExitCode == 0 && result.Boots.Count == 2
                && result.GetStep("a-jump-1").ExitCode == 0 && result.GetStep("a-jump-2").ExitCode == 0;
            return ok ? 0 : 1;
        }
    }
}
