using System;
using System.Diagnostics;
using System.Linq;
using Bench.Flows;
using Bench.Qemu;

namespace Bench
{
    /// <summary>
    /// The README's main job: the four uses of kexec jump, each in QEMU guests on our patched
    /// 6.12 kernel with our three tools (the same flows the end-to-end tests assert):
    /// 1. snapshot debugging: A jumps to B, B saves A with makedumpfile, jumps back; A changes
    ///    state; a second snapshot; both read on the host by our and Debian's makedumpfile;
    /// 2. /proc/kimgcore as a channel from A into B's memory;
    /// 3. ten switches between A and B, timed;
    /// 4. hibernation without ACPI: save A from B to a disk, stop the VM, resume A in a new VM
    ///    with krestore, and A goes on.
    /// </summary>
    internal static class Demo
    {
        public static int Run(Action<string> log)
        {
            var total = Stopwatch.StartNew();
            bool ok = true;

            Section("1. Snapshot debugging");
            var snap = SnapshotFlow.Run(log);
            PrintSteps(snap.Log, "a-jump-1", "b-snapshot-1", "b-size-1", "a-jump-2", "b-snapshot-2", "b-size-2");
            foreach (var (name, file) in new[] { ("first", snap.Snapshot1), ("second", snap.Snapshot2) })
            {
                string ours = DumpReaders.OursDmesg(file), theirs = DumpReaders.DebianDmesg(file);
                bool before = ours.Contains(snap.StateBefore) && theirs.Contains(snap.StateBefore);
                bool after = ours.Contains(snap.StateAfter) && theirs.Contains(snap.StateAfter);
                Console.WriteLine($"  {name} snapshot ({new System.IO.FileInfo(file).Length / 1048576.0:0.0} MiB): A's log line before the change {(before ? "present" : "ABSENT")}, after the change {(after ? "present" : "absent")} (read by our and Debian's makedumpfile --dump-dmesg)");
                ok &= before && after == (name == "second");
            }

            Section("2. /proc/kimgcore as a channel");
            var channel = KimgcoreChannelFlow.Run(log);
            PrintSteps(channel.Log, "a-kimgcore-header", "a-find", "a-write", "a-jump-2", "b-bstate");
            bool received = channel.Log.GetStep("b-bstate").Text.Trim() == channel.Message;
            Console.WriteLine($"  B read A's message from its own file: {(received ? "yes" : "NO")}");
            ok &= received;

            Section("3. Ten switches between A and B");
            var switching = SwitchingFlow.Run(10, log);
            var s = switching.Switches.Select(t => t.TotalSeconds).OrderBy(x => x).ToList();
            Console.WriteLine($"  first jump, B booting: {switching.FirstJumpWithBoot.TotalSeconds:0.00} s");
            Console.WriteLine($"  {s.Count} later switches: median {s[s.Count / 2]:0.00} s (A->B {Median(switching.AToB.Skip(1)):0.00} s, B->A {Median(switching.BToA):0.00} s), min {s[0]:0.00} s, max {s[^1]:0.00} s; kernels booted: {switching.Log.Boots.Count}");
            ok &= switching.Log.DoneExitCode == 0 && switching.Log.Boots.Count == 2;

            Section("4. Hibernation without ACPI");
            var hib = HibernationFlow.Run(log);
            PrintSteps(hib.Hibernate, "a-meminfo", "b-save", "b-image");
            PrintSteps(hib.Resume, "r-krestore", "r-helper", "a-hibernate", "a-alive", "a-console");
            Console.WriteLine($"  counter: {hib.Hibernate.Values["a-count-before"]} before hibernation, {hib.Resume.Values["a-count-resumed"]} on resume, {hib.Resume.Values["a-count-after"]} 3 s later");
            Console.WriteLine($"  image {hib.ImageBytes / 1048576.0:0.0} MiB; save {hib.SaveTime.TotalSeconds:0.0} s (hibernate {hib.HibernateTime.TotalSeconds:0.0} s); restore {hib.RestoreTime.TotalSeconds:0.0} s (new VM start to A running: {hib.ResumeTime.TotalSeconds:0.0} s)");
            ok &= hib.Resume.DoneExitCode == 0 && hib.Resume.GetStep("a-hibernate").ExitCode == 0
                && hib.Hibernate.GetStep("a-fill-sum").Text.Trim() == hib.Resume.GetStep("a-fill-sum-after").Text.Trim();

            Console.WriteLine();
            Console.WriteLine($"demo finished in {total.Elapsed.TotalSeconds:0.0} s: {(ok ? "all four flows worked" : "SOMETHING FAILED (see above)")}");
            return ok ? 0 : 1;
        }

        private static double Median(System.Collections.Generic.IEnumerable<TimeSpan> times)
        {
            var l = times.Select(t => t.TotalSeconds).OrderBy(x => x).ToList();
            return l[l.Count / 2];
        }

        private static void Section(string title)
        {
            Console.WriteLine();
            Console.WriteLine("=== " + title);
        }

        private static void PrintSteps(ConsoleLog log, params string[] names)
        {
            foreach (string name in names)
            {
                ConsoleLog.Step step = log.GetStep(name);
                Console.WriteLine($"  --- {(name.StartsWith("a-") ? "A" : name.StartsWith("b-") ? "B" : name.StartsWith("r-") ? "B'" : "?")}$ {name} (exit {(step.ExitCode?.ToString() ?? "none")})");
                foreach (string line in step.Output.Take(12)) Console.WriteLine("      " + line);
            }
        }
    }
}
