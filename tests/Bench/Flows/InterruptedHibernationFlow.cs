using System;
using System.IO;
using Bench.Build;
using Bench.Qemu;
using TestSupport;

namespace Bench.Flows
{
    /// <summary>
    /// Hibernation interrupted where a power cut hurts most (issue 12, interrupted runs), on the
    /// hibernation flow's guests with a smaller fill:
    /// 1. The VM is killed while B's makedumpfile writes A's image (the writer stopped and its
    ///    data synced first, so that the disk holds a real partial file, not an empty journal).
    /// 2. A new VM hibernates again onto the same disk: B finds no image under the final name
    ///    and the dead run's hidden partial file, krestore refuses that file, and makedumpfile
    ///    removes it (its writer died in another boot with the same process id) and says so.
    /// 3. The resuming VM's krestore is killed (SIGKILL) while it writes A's memory, then run
    ///    again from the start; A must go on with its counter and its fill intact.
    /// </summary>
    public static class InterruptedHibernationFlow
    {
        public sealed record Result(ConsoleLog Killed, ConsoleLog Hibernate, ConsoleLog Resume);

        /// <summary>Small enough to keep the three VMs short, large enough that the save takes seconds.</summary>
        public const int FillMiB = 64;

        /// <summary>Partial file size at which the first VM is killed.</summary>
        public const int KillAtBytes = 8 << 20;

        // B in the first VM: start the save, wait until the partial file holds KillAtBytes,
        // freeze the writer, sync, and wait for the host to kill the VM.
        private static readonly string KilledSaveScript = $@"
mark b-booted
step b-mount mount -t ext4 /dev/vda /mnt
makedumpfile -l -d 17 /proc/vmcore /mnt/hibernate.img > /tmp/save.out 2>&1 &
saver=$!
size=0
while kill -0 $saver 2>/dev/null; do
  size=$(ls -l /mnt/.hibernate.img.partial-* 2>/dev/null | awk '{{print $5}}' | head -n 1)
  [ -n ""$size"" ] && [ ""$size"" -ge {KillAtBytes} ] && break
  sleep 0.1
done
kill -STOP $saver
sync
value b-partial-bytes ""$size""
mark b-frozen
hold
";

        // B in the second VM, before it saves as the hibernation flow does.
        private const string LeftoversScript = @"
step b-mount-first mount -t ext4 /dev/vda /mnt
step b-left sh -c 'ls -a /mnt | grep hibernate'
partial=$(ls /mnt/.hibernate.img.partial-* | head -n 1)
step b-restore-partial krestore ""$partial""
step b-umount-first umount /mnt
";

        // B' in the third VM: a first krestore killed once it has the target open for writing.
        private const string KilledRestoreScript = @"
krestore /mnt/hibernate.img > /tmp/killed.out 2>&1 &
restorer=$!
writing=no
while kill -0 $restorer 2>/dev/null; do
  for fd in /proc/$restorer/fd/*; do
    [ ""$(readlink $fd 2>/dev/null)"" = /dev/oldmem ] || continue
    # fdinfo's flags are octal open(2) flags: O_WRONLY 1 or O_RDWR 2 in the last digit.
    grep -Eq '^flags:.*[12]$' /proc/$restorer/fdinfo/${fd##*/} 2>/dev/null && writing=yes
  done
  [ $writing = yes ] && break
  sleep 0.05
done
sleep 0.5
kill -KILL $restorer
wait $restorer
value r-killed-rc $?
value r-killed-writing $writing
";

        public static Result Run(Action<string>? log = null, JumpLayout? layout = null)
        {
            layout ??= JumpLayout.X86_64;
            string work = BenchPaths.NewWorkDir(layout.GuestName("interrupted-hibernation"));
            string disk = ExtDisk.Create(Path.Combine(work, "swap.ext4"), 512);

            ConsoleLog killed;
            using (QemuVm vm = Guest.Start(HibernationFlow.HibernatingGuest(layout, disk, FillMiB, KilledSaveScript, "hibernate-killed"), log))
            {
                killed = vm.WaitForMark("b-frozen");
                vm.Kill();
            }

            ConsoleLog hibernate = Guest.Run(HibernationFlow.HibernatingGuest(layout, disk, FillMiB, LeftoversScript + HibernationFlow.SaveScript), log);

            ConsoleLog resume = Guest.Run(HibernationFlow.ResumingGuest(layout, disk, HibernationFlow.RestoreScript(KilledRestoreScript)), log);
            return new Result(killed, hibernate, resume);
        }
    }
}
