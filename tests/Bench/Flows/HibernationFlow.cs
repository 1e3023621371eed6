using System;
using System.IO;
using Bench.Build;
using Bench.Qemu;
using TestSupport;

namespace Bench.Flows
{
    /// <summary>
    /// Hibernation without ACPI (issue 5, flow 2). First VM: A fills memory, starts a counting
    /// process and jumps to the hibernating kernel B, which saves A's memory with our
    /// makedumpfile (-d 17: only zero and free pages left out) onto a virtio disk and stops
    /// the VM. Second VM, same machine layout and disk: a fresh kernel boots and hands over to
    /// the resuming kernel B' confined to B's range (the same jump-back load, so that B' gets
    /// /dev/oldmem over the rest of memory); B' writes A's image back with krestore, loads the
    /// jump-back helper with the entry the image carries and jumps into A, which goes on.
    /// </summary>
    public static class HibernationFlow
    {
        public sealed record Result(ConsoleLog Hibernate, ConsoleLog Resume, string WorkDir, long ImageBytes)
        {
            /// <summary>Host time from A's jump to the hibernating kernel until the first VM stopped.</summary>
            public TimeSpan HibernateTime => Hibernate.MarkTimes["b-stopping"] - Hibernate.MarkTimes["a-hibernating"];
            /// <summary>Host time from starting the second VM until A ran again.</summary>
            public TimeSpan ResumeTime => Resume.MarkTimes["a-resumed"];
            public TimeSpan SaveTime => Hibernate.MarkTimes["b-save-end"] - Hibernate.MarkTimes["b-save-start"];
            public TimeSpan RestoreTime => Resume.MarkTimes["r-restore-end"] - Resume.MarkTimes["r-restore-start"];
        }

        /// <summary>
        /// MiB of tmpfs data A holds; with its kernel, tools and B's files in its rootfs, about
        /// 256 MiB of A's memory are in use. A layout may hold less (JumpLayout.HibernationFillMiB).
        /// </summary>
        public const int FillMiB = 216;

        // A's workload, shared with the kernel's own hibernation (SwsuspFlow) so that the
        // benchmark compares the same guest: tmpfs fill of one 8 MiB random block repeated, its
        // checksum, a counting process; the marks around the hibernation and the checks after it.
        internal static string FillScript(int fillMiB) => $@"mount -o remount,size=80% /tmp
dd if=/dev/urandom of=/tmp/block bs=1M count=8 2>/dev/null
i=0; while [ $i -lt {fillMiB / 8} ]; do i=$((i+1)); cat /tmp/block; done > /tmp/fill
rm /tmp/block
step a-fill-sum sh -c 'md5sum /tmp/fill | cut -d"" "" -f1'
";

        /// <summary>Guest/lib.sh's start_counter, then a newline.</summary>
        internal const string StartCounter = "start_counter\n";

        internal const string BeforeHibernating = @"sleep 2
value a-count-before $(cat /tmp/counter)
mark a-hibernating
";

        internal const string AfterResume = @"mark a-resumed
value a-count-resumed $(cat /tmp/counter)
sleep 3
value a-count-after $(cat /tmp/counter)
step a-alive kill -0 $counter
step a-fill-sum-after sh -c 'md5sum /tmp/fill | cut -d"" "" -f1'
";

        /// <summary>B's scenario: save A with our makedumpfile (-d 17) to the disk, then stop.</summary>
        public const string SaveScript = @"
mark b-booted
step b-mount mount -t ext4 /dev/vda /mnt
mark b-save-start
step b-save makedumpfile -l -d 17 /proc/vmcore /mnt/hibernate.img
mark b-save-end
step b-image ls -l /mnt/hibernate.img
read_jump_back_entry
value b-entry $entry
step b-umount umount /mnt
mark b-stopping
";

        /// <summary>
        /// B's scenario in the second VM: write A's image back with krestore (its output in
        /// /tmp/krestore.out, step r-krestore), load the jump-back helper with the entry the
        /// image carries, jump into A. <paramref name="beforeRestore"/> runs first, after the mount.
        /// </summary>
        public static string RestoreScript(string beforeRestore = "") => @"
mark r-booted
step r-mount mount -t ext4 /dev/vda /mnt
" + beforeRestore + @"
mark r-restore-start
krestore /mnt/hibernate.img > /tmp/krestore.out 2>&1
echo ""krestore exit $?"" >> /tmp/krestore.out
mark r-restore-end
step r-krestore cat /tmp/krestore.out
entry=$(sed -n 's/.*jump-back entry: \(0x[0-9a-fA-F]*\).*/\1/p' /tmp/krestore.out)
value r-entry ""$entry""
step r-umount umount /mnt
grep -q 'krestore exit 0' /tmp/krestore.out || exit 1
step r-helper kexec --load-jump-back-helper=""$entry""
mark r-jumping
step r-jump kexec -e
";

        /// <summary>
        /// The first VM: A fills <paramref name="fillMiB"/> MiB of tmpfs, starts a counting
        /// process and jumps to B, which runs <paramref name="hibernating"/>; when A runs again
        /// (in a later VM) it checks its counter and its fill.
        /// </summary>
        public static GuestSpec HibernatingGuest(JumpLayout layout, string disk, int fillMiB, string hibernating, string flow = "hibernate") =>
            layout.GuestA(flow, TimeSpan.FromMinutes(12), $@"
{FillScript(fillMiB)}step a-meminfo sh -c 'grep -E ""MemTotal|MemFree|MemAvailable|Shmem:"" /proc/meminfo'
{StartCounter}echo $counter > /tmp/counter.pid
step a-load {layout.LoadB("hibernate")}
{BeforeHibernating}step a-hibernate kexec -e
{AfterResume}step a-console echo 'A resumed: console works'
",
            layout.PackB(hibernating), disk);

        /// <summary>The second VM: a fresh kernel hands over to the resuming kernel B', which runs <paramref name="resuming"/>.</summary>
        public static GuestSpec ResumingGuest(JumpLayout layout, string disk, string resuming, string flow = "resume") =>
            layout.GuestA(flow, TimeSpan.FromMinutes(12), $@"
step l-load {layout.LoadB("resume")}
step l-jump kexec -e
",
            layout.PackB(resuming), disk);

        /// <param name="layout">The guest architecture's layout; null: x86_64.</param>
        /// <param name="beforeRestore">Runs in B' after the mount, before the timed krestore (the benchmark's breakdown).</param>
        /// <summary>
        /// Hibernates A (first VM) and resumes it (second VM). <paramref name="beforeSave"/> runs
        /// in B before its save, <paramref name="beforeRestore"/> in the resuming B before krestore
        /// (the benchmark's measurements).
        /// </summary>
        public static Result Run(Action<string>? log = null, JumpLayout? layout = null, string beforeRestore = "", string beforeSave = "")
        {
            layout ??= JumpLayout.X86_64;
            int fillMiB = layout.HibernationFillMiB;
            string work = BenchPaths.NewWorkDir(layout.GuestName("hibernation-flow"));
            string disk = ExtDisk.Create(Path.Combine(work, "swap.ext4"), 768);
            ConsoleLog first = Guest.Run(HibernatingGuest(layout, disk, fillMiB, beforeSave + SaveScript), log);
            long imageBytes = new FileInfo(ExtDisk.Extract(disk, "hibernate.img", Path.Combine(work, "hibernate.img"))).Length;
            ConsoleLog second = Guest.Run(ResumingGuest(layout, disk, RestoreScript(beforeRestore)), log);
            return new Result(first, second, work, imageBytes);
        }
    }
}
