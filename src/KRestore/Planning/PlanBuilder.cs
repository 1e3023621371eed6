using System;
using System.Collections.Generic;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Jump;
using Common.Memory;
using KRestore.Image;
using KRestore.Target;

namespace KRestore.Planning
{
    /// <summary>
    /// Decides, page by page, what goes where, and refuses an image that is not for this target:
    /// other machine, dump level that left out more than free and zero pages, larger than the
    /// target, pages outside the target's RAM or inside the running kernel's RAM (unless the
    /// kexec entry list says where A keeps them). --force turns refusals that concern what the
    /// image holds into warnings and leaves out the pages that cannot be written.
    /// </summary>
    internal static class PlanBuilder
    {
        /// <summary>Dump level bits a restored kernel can live without: 1 zero pages (restored as zero), 16 free pages.</summary>
        public const int RestorableLevels = 0x01 | 0x10;

        public static void CheckMachine(RestoreImage image, TargetMemory target, bool force, List<string> warnings)
        {
            int targetPageSize = target.PageSize ?? Environment.SystemPageSize;
            if (image.PageSize != targetPageSize)
                throw new RefusedException($"{image.Name} has {image.PageSize}-byte pages, the target {targetPageSize}-byte pages: it is for another machine");
            if (image.Incomplete) Refuse(force, warnings, $"{image.Name} is marked incomplete (its writer ran out of space): part of the memory is missing");
            if (image.Split) Refuse(force, warnings, $"{image.Name} is one part of a split dump: join the parts with makedumpfile --reassemble first");
            string? imageMachine = MachineNames.Normalize(image.MachineName);
            string? targetMachine = MachineNames.Normalize(target.Machine.HasValue ? MachineNames.FromElf(target.Machine.Value) : null);
            if (imageMachine != null && targetMachine != null && imageMachine != targetMachine)
                Refuse(force, warnings, $"{image.Name} is a {imageMachine} image, the target ({target.Source}) is {targetMachine}");
            if (image.OsRelease != null && target.OsRelease != null && image.OsRelease != target.OsRelease)
                Refuse(force, warnings, $"{image.Name} is of kernel {image.OsRelease}, the target ({target.Source}) runs {target.OsRelease}");
        }

        /// <summary>
        /// An image without digests cannot be checked for damage (only zlib pages carry a checksum
        /// of their own), so it is refused unless --allow-no-digests. Images with a trailer were
        /// verified when opened; a damaged one never gets here.
        /// </summary>
        public static void CheckDigests(RestoreImage image, bool allowNoDigests, List<string> warnings)
        {
            if (image.Digests.Verified) return;
            string why = image.DigestsAnnounced
                ? $"{image.Name} says it was written with digests but has no digest trailer: its end was lost (truncated{(image.Incomplete ? ", marked incomplete" : "")}) or another tool rewrote it"
                : $"{image.Name} carries no digests (not written by our makedumpfile), so damage to its pages cannot be found";
            if (!allowNoDigests) throw new RefusedException(why + " (--allow-no-digests restores it unchecked)");
            warnings.Add(why + "; restored unchecked (--allow-no-digests)");
        }

        /// <summary>
        /// Refuses an image that reaches past the end of the target's RAM; called before the image
        /// is scanned, whose bitmaps are then sized by the target (ImageScan.Run).
        /// </summary>
        public static void CheckSize(RestoreImage image, TargetMemory target, bool force, List<string> warnings)
        {
            ulong targetEnd = target.Ram.End;
            if (image.Described.End > targetEnd)
                Refuse(force, warnings, $"{image.Name} is larger than the target: it reaches 0x{image.Described.End:x}, the target's memory ({target.Source}) ends at 0x{targetEnd:x}");
        }

        /// <summary>Whether pages left out of the image are written as zeros; refuses dump levels that lost data.</summary>
        public static bool CheckDumpLevel(RestoreImage image, ImageScan scan, bool force, List<string> warnings)
        {
            int? level = image.DumpLevel;
            if (level.HasValue)
            {
                int lost = level.Value & ~RestorableLevels;
                if (lost != 0)
                {
                    Refuse(force, warnings, $"{image.Name} was saved with dump level {level.Value}, which leaves out {Describe(lost)}: " +
                        "a kernel cannot go on without them (only levels 0, 1, 16 and 17 can be restored)");
                    return false;
                }
                // kdump images keep zero pages (by reference to one zero page); ELF images drop them
                // like free pages, so at bit 1 every page left out may be a zero page.
                return (level.Value & 0x01) != 0 && !image.Source.Origin.KeepsExcludedZeroPages;
            }
            if (scan.PagesExcluded > 0)
                Refuse(force, warnings, $"{image.Name} does not record its dump level (no KEXEC_JUMP note) and leaves out {scan.PagesExcluded} pages that may hold data");
            return false;
        }

        public static RestorePlan Build(RestoreImage image, ImageScan scan, TargetMemory target, RangeSet runningRam, JumpBackMap? map,
                                        bool excludedZeroFilled, bool force)
        {
            var plan = new RestorePlan { ExcludedZeroFilled = excludedZeroFilled };
            int ps = image.PageSize;

            var notTarget = new Problem("are not RAM of the target (outside " + (target.Source == "--target-ranges" ? "--target-ranges" : "the PT_LOADs of " + target.Source) + ")");
            var running = new Problem(map == null
                ? "are RAM of the running kernel (/proc/iomem) and the image gives no jump-back entry (KEXEC_JUMP note or --jump-back-entry) to find where kernel A keeps them"
                : "are RAM of the running kernel (/proc/iomem) but not destinations in kernel A's kexec entry list");
            var badSource = new Problem("have kexec source pages that are not RAM of the target or are RAM of the running kernel");
            var redirected = new List<(ulong Target, ulong Image, ulong Length, bool Zero)>();
            // The running kernel's range is its RAM plus every destination of A's entry list that
            // is not the target's RAM: the kernel that loaded us may keep pages of its range out of
            // our memory map (the ELF core header, for one) and A's image still covers them.
            bool InRunningKernelsRange(ulong lo, ulong hi, ulong pfn) =>
                runningRam.Intersects(lo, hi) || (map != null && map.TryGetSource(pfn, out _) && !target.Ram.Intersects(lo, hi));
            ulong covered = 0;

            foreach (PhysicalRange r in image.Described.Ranges)
            {
                ulong first = Math.Max(r.Start / (ulong)ps, covered);
                ulong end = (r.End + (ulong)ps - 1) / (ulong)ps;
                covered = Math.Max(covered, end);
                // Beyond the scanned frames (past the target's RAM, only with --force): not target RAM.
                ulong scanned = Math.Max(first, Math.Min(end, scan.Frames));
                if (scanned < end) notTarget.Add(scanned * (ulong)ps, end - scanned);
                end = scanned;
                for (ulong pfn = first; pfn < end; pfn++)
                {
                    ulong lo = Math.Max(pfn * (ulong)ps, r.Start);
                    ulong hi = Math.Min((pfn + 1) * (ulong)ps, r.End);
                    bool zero;
                    if (scan.Present[pfn]) zero = scan.Zero[pfn];
                    else if (excludedZeroFilled) zero = true;
                    else
                    {
                        // Left out, but still memory the image says the machine has: it must be the target's too.
                        if (!InRunningKernelsRange(lo, hi, pfn) && !target.Ram.Contains(lo, hi)) notTarget.Add(lo);
                        else plan.Pages.Skipped++;
                        continue;
                    }
                    if (InRunningKernelsRange(lo, hi, pfn))
                    {
                        if (map != null && map.TryGetSource(pfn, out ulong sourcePfn))
                        {
                            if (sourcePfn == pfn) plan.Pages.KexecOwn++;
                            else redirected.Add((sourcePfn * (ulong)ps + (lo - pfn * (ulong)ps), lo, hi - lo, zero));
                        }
                        else running.Add(lo);
                        continue;
                    }
                    if (map != null && map.IsSource(pfn))
                    {
                        plan.Pages.Superseded++;
                        continue;
                    }
                    if (!target.Ram.Contains(lo, hi))
                    {
                        notTarget.Add(lo);
                        continue;
                    }
                    Add(plan, new WriteRun(lo, lo, hi - lo, zero));
                }
            }
            foreach ((ulong to, ulong from, ulong length, bool zero) in redirected)
            {
                if (runningRam.Intersects(to, to + length) || !target.Ram.Contains(to, to + length))
                {
                    badSource.Add(from);
                    continue;
                }
                Add(plan, new WriteRun(to, from, length, zero));
                plan.Pages.Redirected++;
            }
            foreach (Problem p in new[] { notTarget, running, badSource })
            {
                if (p.Count == 0) continue;
                Refuse(force, plan.Warnings, $"{p.Count} pages of {image.Name} (the first at 0x{p.First:x}) {p.What}");
                plan.Pages.ForcedOut += p.Count;
            }
            plan.Runs.Sort((a, b) => a.Target.CompareTo(b.Target));
            Merge(plan.Runs);
            return plan;
        }

        private static void Add(RestorePlan plan, WriteRun run)
        {
            plan.Runs.Add(run);
            plan.BytesToWrite += run.Length;
            if (run.Zero) plan.Pages.ZeroFilled++;
            else plan.Pages.Written++;
        }

        // Joins runs that continue each other in the target and in the image.
        private static void Merge(List<WriteRun> runs)
        {
            int w = 0;
            for (int i = 0; i < runs.Count; i++)
            {
                WriteRun r = runs[i];
                if (w > 0)
                {
                    WriteRun last = runs[w - 1];
                    if (last.Zero == r.Zero && last.TargetEnd == r.Target && (r.Zero || last.ImageAddress + last.Length == r.ImageAddress))
                    {
                        runs[w - 1] = new WriteRun(last.Target, last.ImageAddress, last.Length + r.Length, last.Zero);
                        continue;
                    }
                }
                runs[w++] = r;
            }
            runs.RemoveRange(w, runs.Count - w);
        }

        private static void Refuse(bool force, List<string> warnings, string message)
        {
            if (!force) throw new RefusedException(message);
            warnings.Add(message + " (--force: going on)");
        }

        private static string Describe(int bits)
        {
            var parts = new List<string>();
            if ((bits & 0x02) != 0) parts.Add("page cache (2)");
            if ((bits & 0x04) != 0) parts.Add("private page cache (4)");
            if ((bits & 0x08) != 0) parts.Add("user process pages (8)");
            return string.Join(", ", parts);
        }

        private sealed class Problem
        {
            public Problem(string what) => What = what;
            public string What { get; }
            public ulong Count { get; private set; }
            public ulong First { get; private set; } = ulong.MaxValue;

            public void Add(ulong address, ulong pages = 1)
            {
                Count += pages;
                if (address < First) First = address;
            }
        }
    }
}
