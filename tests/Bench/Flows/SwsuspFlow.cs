using System;
using System.IO;
using System.Text.RegularExpressions;
using Bench.Build;
using Bench.Qemu;
using TestSupport;

namespace Bench.Flows
{
    /// <summary>
    /// The kernel's own hibernation (swsusp, Documentation/power/swsusp.rst) on the hibernation
    /// flow's guest, the peer of <see cref="HibernationFlow"/> in the hibernation benchmark: the
    /// same kernel, 512 MiB, the same fill and counting process. A swaps on its virtio disk and
    /// writes `disk` to /sys/power/state in "shutdown" mode (no ACPI S4); the second VM boots the
    /// same kernel with resume=/dev/vda, which restores A before the initramfs runs.
    /// </summary>
    public static class SwsuspFlow
    {
        public sealed record Result(ConsoleLog Hibernate, ConsoleLog Resume, TimeSpan HibernateTime, TimeSpan ResumeTime, long ImageBytes);

        private static string Script(int fillMiB) => $@"
# A second run of this script means the resume did not happen.
if grep -q 'resume=' /proc/cmdline; then value resume-failed yes; exit 1; fi
{HibernationFlow.FillScript(fillMiB)}{HibernationFlow.StartCounter}step a-swap sh -c 'mkswap /dev/vda >/dev/null && swapon /dev/vda && cat /proc/swaps'
echo shutdown > /sys/power/disk
step a-disk-mode cat /sys/power/disk
{HibernationFlow.BeforeHibernating}echo disk > /sys/power/state
value a-hibernate-rc $?
{HibernationFlow.AfterResume}";

        public static Result Run(Action<string>? log = null, int fillMiB = HibernationFlow.FillMiB)
        {
            string work = BenchPaths.NewWorkDir("swsusp-flow");
            string disk = Path.Combine(work, "swap.img");
            using (var f = new FileStream(disk, FileMode.Create)) f.SetLength(768L << 20);
            string script = Script(fillMiB);
            var spec = new GuestSpec
            {
                Name = "swsusp-hibernate",
                Script = script,
                // Our tools stay in A's rootfs, as in the hibernation flow's A (B's kernel does not).
                Disk = disk,
                // The kernel's "PM: Wrote N kbytes" line is pr_info (kernel/power/swap.c): loglevel 7 shows it.
                ExtraAppend = "loglevel=7 no_console_suspend",
                Timeout = TimeSpan.FromMinutes(12),
            };
            ConsoleLog first;
            TimeSpan hibernate;
            using (QemuVm vm = Guest.Start(spec, log))
            {
                first = vm.WaitForExit();
                hibernate = vm.Clock.Elapsed - first.MarkTimes["a-hibernating"];
            }
            Match wrote = Regex.Match(first.Text, @"Wrote (\d+) kbytes");
            if (!wrote.Success)
                throw new BenchException($"swsusp wrote no image. Console tail:\n{first.Tail(40)}");

            ConsoleLog second = Guest.Run(spec with { Name = "swsusp-resume", ExtraAppend = "resume=/dev/vda no_console_suspend" }, log);
            if (second.Values.ContainsKey("resume-failed"))
                throw new BenchException($"swsusp did not resume A. Console tail:\n{second.Tail(40)}");
            return new Result(first, second, hibernate, second.MarkTimes["a-resumed"], long.Parse(wrote.Groups[1].Value) * 1024);
        }
    }
}
