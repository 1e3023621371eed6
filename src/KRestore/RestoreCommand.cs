using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Jump;
using Common.Elf;
using Common.Memory;
using Common.Platform;
using KRestore.Cli;
using KRestore.Image;
using KRestore.Output;
using KRestore.Planning;
using KRestore.Target;
using KRestore.Writing;

namespace KRestore
{
    /// <summary>
    /// The whole run: check the target and the running system, open the image, check every page
    /// of it and plan the writes; only then open the target for writing, write, read back.
    /// </summary>
    internal static class RestoreCommand
    {
        public static int Run(RestoreOptions o, Messages m)
        {
            var clock = Stopwatch.StartNew();
            int threads = o.Threads > 0 ? o.Threads : Environment.ProcessorCount;
            TargetDevice.CheckAccess(o.Target);
            FileStatus targetStatus = TargetDevice.CheckKind(o.Target, o.Force);
            TargetMemory target = OpenTargetMemory(o);
            RangeSet runningRam = SystemRam.Read(o.SystemRoot);
            m.Debug($"target RAM ({target.Source}): {target.Ram}");
            m.Debug($"running kernel's RAM: {runningRam}");

            using RestoreImage image = ImageOpener.Open(o.Image, o.FromStdin, o.TempDir, o.IO.OpenStdin, m.Warning);
            var warnings = new List<string>();
            PlanBuilder.CheckMachine(image, target, o.Force, warnings);
            PlanBuilder.CheckDigests(image, o.AllowNoDigests, warnings);
            PlanBuilder.CheckSize(image, target, o.Force, warnings);
            // An image whose digests matched is decoded once, while it is written: every byte is
            // its writer's, so only a writer that stored undecodable pages could fail then. One
            // without digests, a dry run (the check alone) or --check-pages decodes every page
            // before anything is written.
            bool decodeFirst = o.DryRun || o.CheckPages || !image.Digests.Verified;
            ImageScan scan = ImageScan.Run(image, target.Ram.End, threads, m, decodeFirst);
            m.Debug(decodeFirst
                ? $"image: {scan.PagesDescribed} pages described, {scan.PagesPresent} present, {scan.PagesZero} of them zero"
                : $"image: {scan.PagesDescribed} pages described, {scan.PagesPresent} present (digests match: decoded while writing)");
            bool excludedZero = PlanBuilder.CheckDumpLevel(image, scan, o.Force, warnings);

            ulong? entry = JumpBackEntry(image, o, warnings);
            JumpBackMap? map = EntryList(image, entry, runningRam, m, warnings);
            RestorePlan plan = PlanBuilder.Build(image, scan, target, runningRam, map, excludedZero, o.Force);
            TargetDevice.CheckFits(o.Target, targetStatus, plan.HighestEnd);
            warnings.AddRange(plan.Warnings);
            foreach (string w in warnings) m.Warning(w);

            Summary summary = NewSummary(o, image, plan, entry, warnings);
            int code = o.DryRun ? ExitCodes.Success : WriteAndVerify(o, image, plan, scan, decodeFirst, threads, m, summary);
            summary.Seconds = clock.Elapsed.TotalSeconds;
            if (o.Json) m.Out.WriteLine(summary.ToJson());
            else if (m.Has(ToolHost.Output.MessageLevel.Common)) m.Out.Write(summary.ToText());
            return code;
        }

        /// <summary>Where kernel A resumes: the image's KEXEC_JUMP note, or --jump-back-entry over it.</summary>
        private static ulong? JumpBackEntry(RestoreImage image, RestoreOptions o, List<string> warnings)
        {
            ulong? entry = image.JumpNote.JumpBackEntry;
            if (!o.JumpBackEntry.HasValue) return entry;
            if (entry.HasValue && entry != o.JumpBackEntry)
                warnings.Add($"--jump-back-entry 0x{o.JumpBackEntry:x} overrides the image's 0x{entry:x}");
            return o.JumpBackEntry;
        }

        /// <summary>A's kexec entry list, needed only when the image describes pages in the running kernel's RAM.</summary>
        private static JumpBackMap? EntryList(RestoreImage image, ulong? entry, RangeSet runningRam, Messages m, List<string> warnings)
        {
            if (!entry.HasValue || !image.Described.Intersects(runningRam)) return null;
            JumpBackMap map;
            try { map = JumpBackMap.Read(image.Source, entry.Value); }
            catch (DumpFormatException e) { throw new RefusedException($"{image.Name}: cannot read kernel A's kexec entry list: {e.Message}"); }
            m.Debug($"kexec entry list at 0x{map.Head:x} (control page 0x{map.ControlPage:x}): {map.Count} destination pages");
            if (map.LookupWarning != null) warnings.Add(map.LookupWarning);
            return map;
        }

        private static Summary NewSummary(RestoreOptions o, RestoreImage image, RestorePlan plan, ulong? entry, List<string> warnings)
        {
            var summary = new Summary
            {
                Image = image.Name,
                Format = image.Format,
                DumpLevel = image.DumpLevel,
                PageSize = image.PageSize,
                Target = o.Target,
                DryRun = o.DryRun,
                Pages = plan.Pages.Copy(),
                BytesWritten = plan.BytesToWrite,
                JumpBackEntry = entry,
                DigestBlocks = image.Digests.Verified ? image.Digests.BlocksChecked : (long?)null,
            };
            summary.Warnings.AddRange(warnings);
            return summary;
        }

        /// <summary>Opens the target for writing only now, writes the plan, and reads it back unless --no-verify.</summary>
        private static int WriteAndVerify(RestoreOptions o, RestoreImage image, RestorePlan plan, ImageScan scan, bool decodeFirst, int threads,
                                          Messages m, Summary summary)
        {
            using TargetDevice device = TargetDevice.Open(o.Target, writable: true);
            List<Chunk> chunks = ImageWriter.Write(image, plan, device, threads, decodeFirst, m);
            if (!scan.Decoded)
            {
                // The scan could not tell zero pages apart; the writer counted them.
                ulong zero = 0;
                foreach (Chunk c in chunks) zero += (ulong)c.ZeroPagesFromImage;
                summary.Pages.Written -= zero;
                summary.Pages.ZeroFilled += zero;
            }
            if (!o.Verify) return ExitCodes.Success;
            Verifier.Result v = Verifier.Run(chunks, device, image.PageSize, plan.BytesToWrite, m);
            summary.Verified = v.PagesDiffering == 0;
            summary.PagesDiffering = v.PagesDiffering;
            summary.FirstDifference = v.FirstDifference;
            if (v.PagesDiffering == 0) return ExitCodes.Success;
            m.ErrorLine($"read-back differs from the image in {v.PagesDiffering} pages, the first at 0x{v.FirstDifference:x}");
            return ExitCodes.VerifyMismatch;
        }

        private static TargetMemory OpenTargetMemory(RestoreOptions o)
        {
            if (o.TargetRanges != null) return TargetMemory.FromRanges(o.TargetRanges);
            if (!File.Exists(o.TargetCore))
                throw new TargetException($"{o.TargetCore} does not exist: it says which memory is the other kernel's (give --target-core or --target-ranges)");
            try { return TargetMemory.FromCore(o.TargetCore); }
            catch (ElfFormatException e) { throw new TargetException($"{o.TargetCore}: {e.Message}"); }
        }

    }
}
