using System;
using System.Collections.Generic;
using System.Linq;
using Bench.Flows;

namespace Bench
{
    /// <summary>
    /// `bench hibernation-benchmark [RUNS]` (issue 14): the kernel's own hibernation and ours on
    /// the same guest, alternating, RUNS times each (default 1), and a table of the medians. A
    /// benchmark, not a test: nothing here asserts a time. Run it on a quiet machine; the table
    /// says the load average before and after.
    /// </summary>
    internal static class HibernationBenchmark
    {
        public static int Run(int runs, Action<string> log)
        {
            string loadBefore = LoadAverage();
            var kernel = new List<SwsuspFlow.Result>();
            var ours = new List<HibernationFlow.Result>();
            for (int i = 0; i < runs; i++)
            {
                log($"hibernation benchmark: run {i + 1} of {runs}, the kernel's swsusp");
                kernel.Add(SwsuspFlow.Run(log));
                log($"hibernation benchmark: run {i + 1} of {runs}, ours (jump to B, makedumpfile -l -d 17, krestore)");
                ours.Add(HibernationFlow.Run(log));
            }
            Console.WriteLine($"Hibernation of a 512 MiB guest with {HibernationFlow.FillMiB} MiB of tmpfs fill and a counting process, " +
                              $"6.12 tinyconfig kernel under TCG; median of {runs} alternating run(s); load average before: {loadBefore}, after: {LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| | hibernate: command to VM stopped | image | resume: VM start to A counting again |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| kernel swsusp (lzo, swap on virtio-blk) | {Median(kernel.Select(k => k.HibernateTime)):0.0} s | {Median(kernel.Select(k => k.ImageBytes / 1048576.0)):0} MiB | {Median(kernel.Select(k => k.ResumeTime)):0.0} s |");
            Console.WriteLine($"| ours (B saves -l -d 17 to ext4 on virtio-blk; resuming kernel, krestore, jump back) | {Median(ours.Select(o => o.HibernateTime)):0.0} s | {Median(ours.Select(o => o.ImageBytes / 1048576.0)):0} MiB | {Median(ours.Select(o => o.ResumeTime)):0.0} s |");
            Console.WriteLine($"| ours / kernel | {Median(ours.Select(o => o.HibernateTime)) / Median(kernel.Select(k => k.HibernateTime)):0.0}x | | {Median(ours.Select(o => o.ResumeTime)) / Median(kernel.Select(k => k.ResumeTime)):0.0}x |");
            Console.WriteLine();
            Console.WriteLine($"ours in parts (medians): save {Median(ours.Select(o => o.SaveTime)):0.0} s of the hibernation; krestore {Median(ours.Select(o => o.RestoreTime)):0.0} s of the resume");
            // Where krestore's time goes, in one more run of ours: before its timed restore, B'
            // runs krestore --dry-run twice (digests, plan, every page decoded; the first reads
            // the image from the disk, the second from the page cache, as the later runs do),
            // krestore --no-verify (digests, plan, every page decoded once while it is written)
            // and krestore --check-pages --no-verify (the same after decoding every page first,
            // as krestore did before 2026-12-03); writing the same image again is harmless.
            log("hibernation benchmark: one more run of ours, B's reads of /proc/vmcore and krestore in parts");
            HibernationFlow.Result parts = HibernationFlow.Run(log, null, BreakdownScript, VmcoreReadScript);
            // Issue 14, "Reading /proc/vmcore in B": what the kernel delivers to a plain reader
            // (dd, 4 KiB and 1 MiB reads) against makedumpfile's whole save of the same file.
            var b = parts.Hibernate.MarkTimes;
            double vmcoreMiB = double.Parse(parts.Hibernate.Values["p-vmcore-bytes"]) / 1048576.0;
            double dd4k = (b["p-dd4k-end"] - b["p-dd4k-start"]).TotalSeconds, dd1m = (b["p-dd1m-end"] - b["p-dd1m-start"]).TotalSeconds;
            double save = parts.SaveTime.TotalSeconds;
            Console.WriteLine($"B reading /proc/vmcore ({vmcoreMiB:0} MiB, one run): dd bs=4k {dd4k:0.0} s ({vmcoreMiB / dd4k:0} MiB/s), dd bs=1M {dd1m:0.0} s ({vmcoreMiB / dd1m:0} MiB/s); " +
                              $"makedumpfile -l -d 17 saves it to the disk in {save:0.0} s ({vmcoreMiB / save:0} MiB/s of the vmcore, {save / dd1m:0.00}x dd bs=1M's time)");
            var m = parts.Resume.MarkTimes;
            double Span(string step) => (m[step + "-end"] - m[step + "-start"]).TotalSeconds;
            double cold = Span("p-dry"), dry = Span("p-dry2"), noVerify = Span("p-nv"), checkFirst = Span("p-cp");
            double full = parts.RestoreTime.TotalSeconds;
            Console.WriteLine($"krestore in parts (one run): reading the image from the disk {cold - dry:0.0} s; from the page cache: checking digests and decoding every page (--dry-run) {dry:0.0} s, " +
                              $"restoring without read-back {noVerify:0.0} s (with every page decoded first, --check-pages: {checkFirst:0.0} s), read-back verification {full - noVerify:0.0} s " +
                              $"(a run from the page cache {full:0.0} s, from the disk {cold - dry + full:0.0} s)");
            ours.Add(parts);
            bool intact = kernel.All(k => k.Hibernate.GetStep("a-fill-sum").Text.Trim() == k.Resume.GetStep("a-fill-sum-after").Text.Trim())
                && ours.All(o => o.Hibernate.GetStep("a-fill-sum").Text.Trim() == o.Resume.GetStep("a-fill-sum-after").Text.Trim());
            Console.WriteLine($"A's fill intact after every resume: {(intact ? "yes" : "NO")}");
            return intact ? 0 : 1;
        }

        private const string VmcoreReadScript = @"
value p-vmcore-bytes ""$(stat -c %s /proc/vmcore)""
mark p-dd4k-start
dd if=/proc/vmcore of=/dev/null bs=4k 2>/dev/null
mark p-dd4k-end
mark p-dd1m-start
dd if=/proc/vmcore of=/dev/null bs=1M 2>/dev/null
mark p-dd1m-end
";

        private const string BreakdownScript = @"
mark p-dry-start
krestore --dry-run /mnt/hibernate.img > /tmp/p-dry.out 2>&1 || { cat /tmp/p-dry.out; exit 1; }
mark p-dry-end
mark p-dry2-start
krestore --dry-run /mnt/hibernate.img > /tmp/p-dry.out 2>&1 || { cat /tmp/p-dry.out; exit 1; }
mark p-dry2-end
mark p-nv-start
krestore --no-verify /mnt/hibernate.img > /tmp/p-nv.out 2>&1 || { cat /tmp/p-nv.out; exit 1; }
mark p-nv-end
mark p-cp-start
krestore --check-pages --no-verify /mnt/hibernate.img > /tmp/p-cp.out 2>&1 || { cat /tmp/p-cp.out; exit 1; }
mark p-cp-end
";

        private static double Median(IEnumerable<TimeSpan> times) => Median(times.Select(t => t.TotalSeconds));

        private static double Median(IEnumerable<double> values)
        {
            var l = values.OrderBy(x => x).ToList();
            return l.Count % 2 == 1 ? l[l.Count / 2] : (l[l.Count / 2 - 1] + l[l.Count / 2]) / 2;
        }

        private static string LoadAverage()
        {
            try { return string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
            catch (System.IO.IOException) { return "unknown"; }
        }
    }
}
