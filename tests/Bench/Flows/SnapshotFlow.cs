using System;
using System.IO;
using Bench.Build;
using Bench.Qemu;
using TestSupport;

namespace Bench.Flows
{
    /// <summary>
    /// Snapshot debugging (issue 5, flow 1): A jumps to B; B saves A's memory with our
    /// makedumpfile onto a virtio disk and jumps back; A changes state; A jumps again and B
    /// saves a second snapshot. A's "state" is a line A writes into its kernel log, so each
    /// snapshot shows it through makedumpfile --dump-dmesg (ours or Debian's).
    /// </summary>
    public static class SnapshotFlow
    {
        public sealed record Result(ConsoleLog Log, string Snapshot1, string Snapshot2, string StateBefore, string StateAfter, string WorkDir);

        /// <param name="layout">The guest architecture's layout; null: x86_64.</param>
        public static Result Run(Action<string>? log = null, JumpLayout? layout = null)
        {
            layout ??= JumpLayout.X86_64;
            string work = BenchPaths.NewWorkDir(layout.GuestName("snapshot-flow"));
            string disk = ExtDisk.Create(Path.Combine(work, "snapshots.ext4"), 256);
            var before = new SplitMarker("SNAP-BEFORE-");
            var after = new SplitMarker("SNAP-AFTER-");
            string bScript = $@"
{JumpLayout.ReadEntry}
step b-helper kexec --load-jump-back-helper=""$entry""
n=0
while :; do
  n=$((n+1))
  step b-mount-$n mount -t ext4 /dev/vda /mnt
  step b-snapshot-$n makedumpfile -l -d 31 /proc/vmcore /mnt/snapshot-$n.kdump
  step b-size-$n ls -l /mnt/snapshot-$n.kdump
  step b-umount-$n umount /mnt
  step b-jump-back-$n kexec -e
done
";
            ConsoleLog result = Guest.Run(layout.GuestA("snapshot-flow", TimeSpan.FromMinutes(8), $@"
echo ""<6>flow-state {before.ShellExpression}"" > /dev/kmsg
step a-load {layout.LoadB("snapshot")}
step a-jump-1 kexec -e
echo ""<6>flow-state {after.ShellExpression}"" > /dev/kmsg
step a-jump-2 kexec -e
",
            layout.PackB(bScript), disk), log);
            if (result.DoneExitCode != 0)
                throw new BenchException($"the snapshot flow failed (exit {result.DoneExitCode}). Console tail:\n{result.Tail(60)}");
            string s1 = ExtDisk.Extract(disk, "snapshot-1.kdump", Path.Combine(work, "snapshot-1.kdump"));
            string s2 = ExtDisk.Extract(disk, "snapshot-2.kdump", Path.Combine(work, "snapshot-2.kdump"));
            return new Result(result, s1, s2, before.Whole, after.Whole, work);
        }
    }
}
