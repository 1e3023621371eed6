using System;
using System.Collections.Generic;
using System.Linq;
using Common.DumpFormats;
using Common.DumpFormats.Compression;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Kdump;
using Common.DumpFormats.Output;
using Common.Elf;
using MakeDumpFile.Cli;
using MakeDumpFile.Filtering;
using MakeDumpFile.Integrity;
using MakeDumpFile.Jump;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;
using MakeDumpFile.Writers.Kdump;
using ToolHost.CommandLine;

namespace MakeDumpFile
{
    /// <summary>
    /// --split writes the dump as several kdump-compressed files, each with the full bitmaps and
    /// the pages of one pfn range (sub-header split=1, start_pfn, end_pfn), ranges chosen so the
    /// files hold about as many pages each; --reassemble joins such files back into one.
    /// </summary>
    internal static class SplitCommands
    {
        public static int Split(MakeDumpFileOptions o, Messages m)
        {
            if (o.Elf) throw new UsageException("--split writes kdump-compressed files and cannot be combined with -E");
            if (o.Paths.Count < 3) throw new UsageException("--split needs VMCORE and at least two DUMPFILEs");
            VmcoreInfoFile? file = VmcoreInfoFile.OpenFor(o, o.Paths[0]);
            using IPageSource source = Jump.JumpInput.Open(o, o.Paths[0], m);
            var warnings = new List<string>();
            KernelImage? kernel = DumpCommand.LoadKernel(source, file, DumpCommand.MaxLevel(o), warnings);
            VtopReport.Print(o.Vtop, kernel, m);
            List<string> outputs = o.Paths.Skip(1).ToList();
            for (int attempt = 0; ; attempt++)
            {
                o.DumpLevel = o.DumpLevels[attempt];
                FilterResult filter = DumpFilter.Run(source, kernel, o.DumpLevel, excludeZeroNow: false, o.Threads, (s, a, b) => m.ProgressStep(s, a, b), warnings);
                foreach (string w in warnings) m.Info(w + "\n");
                warnings.Clear();
                ulong[] bounds = Boundaries(filter.Keep, filter.MaxMapNr, outputs.Count);
                long bytes = 0;
                string? retry = SinkRun.RetryLine(o, attempt);
                bool all = true;
                for (int i = 0; i < outputs.Count && all; i++)
                {
                    IDumpSink sink = DumpCommand.OpenDigestedSink(o, outputs[i], m);
                    KdumpWriteOptions w = DumpCommand.KdumpOptions(o, source, kernel, filter, m);
                    w.Split = true;
                    w.StartPfn = bounds[i];
                    w.EndPfn = bounds[i + 1];
                    all = SinkRun.WriteAndCommit(sink, output =>
                    {
                        // 1.7.2 drops zero pages while writing the pieces without counting them: its
                        // report says "Pages filled with zero: 0" and counts them as remaining.
                        KdumpWriter.Write(output, w, filter.Memory, filter.Keep, source);
                    }, m, retryLine: retry);
                    if (all) bytes += sink.BytesWritten;
                    // 1.7.2's delete_dumpfile() removes every file of the set before the next level.
                    else if (retry != null) DeleteWritten(outputs, i, o);
                }
                if (!all && retry != null) continue;
                if (!all) return 1;
                m.ReportText(Report.Format(filter.MaxMapNr, filter.Counters, null, bytes));
                return SinkRun.Completed(m, outputs.ToArray());
            }
        }

        /// <summary>The files of the set written before file <paramref name="failed"/> (none under --dry-run).</summary>
        private static void DeleteWritten(List<string> outputs, int failed, MakeDumpFileOptions o)
        {
            if (o.DryRun) return;
            for (int j = 0; j < failed; j++) System.IO.File.Delete(outputs[j]);
        }

        /// <summary>Cuts [0, maxMapNr) into <paramref name="parts"/> ranges holding about equal numbers of kept pages.</summary>
        public static ulong[] Boundaries(PfnBitmap keep, ulong maxMapNr, int parts)
        {
            ulong total = keep.CountSet();
            var bounds = new ulong[parts + 1];
            bounds[parts] = maxMapNr;
            int next = 1;
            ulong seen = 0;
            for (ulong p = keep.NextSet(0); p < maxMapNr && next < parts; p = keep.NextSet(p + 1))
            {
                while (next < parts && seen >= total * (ulong)next / (ulong)parts) bounds[next++] = p;
                seen++;
            }
            while (next < parts) bounds[next++] = maxMapNr;
            return bounds;
        }

        public static int Reassemble(MakeDumpFileOptions o, Messages m)
        {
            if (o.Paths.Count < 3) throw new UsageException("--reassemble needs at least two split DUMPFILEs and the output DUMPFILE");
            string output = o.Paths[o.Paths.Count - 1];
            IDumpSink sink = DumpCommand.OpenDigestedSink(o, output, m);
            bool written = SinkRun.WriteAndCommit(sink, joined => WriteJoined(o.Paths.Take(o.Paths.Count - 1).ToList(), joined, o, m), m);
            return written ? SinkRun.Completed(m, output) : 1;
        }

        /// <summary>The one kdump-compressed file the split pieces make together, written to <paramref name="sink"/> (not committed).</summary>
        public static void WriteJoined(IReadOnlyList<string> pieces, IDumpSink sink, MakeDumpFileOptions o, Messages m)
        {
            var parts = new List<KdumpPageSource>();
            try
            {
                foreach (string p in pieces)
                {
                    InputDigests.Check(p, m);
                    KdumpPageSource s = KdumpPageSource.Open(p);
                    parts.Add(s);
                    if (s.Header.Split == 0) throw new DumpFormatException($"{p} is not part of a split dump");
                }
                parts.Sort((a, b) => a.Header.StartPfn.CompareTo(b.Header.StartPfn));
                KdumpPageSource first = parts[0];
                ulong expected = 0;
                foreach (KdumpPageSource s in parts)
                {
                    if (s.MaxMapNr != first.MaxMapNr || s.PageSize != first.PageSize)
                        throw new DumpFormatException("the split files do not come from the same dump (max_mapnr or page size differ)");
                    if (s.Header.StartPfn != expected)
                        throw new DumpFormatException($"the split files leave pfns 0x{expected:x}-0x{s.Header.StartPfn:x} uncovered (a part is missing)");
                    expected = s.Header.EndPfn;
                }
                if (expected < first.MaxMapNr) throw new DumpFormatException($"the split files end at pfn 0x{expected:x}, before max_mapnr 0x{first.MaxMapNr:x}: a part is missing");

                DiskDumpHeader h = first.Header;
                // The parts' notes, with the KEXEC_JUMP notes saying that the joined file has digests too.
                OutputNotes partNotes = OutputNotes.Split(first.Notes);
                KexecJumpNote jump = partNotes.Input;
                jump.Digests = DigestParameters.Default;
                byte[] notes = partNotes.With(jump);
                var w = new KdumpWriteOptions
                {
                    // The parts' own layout: they were written for the dumped kernel's architecture.
                    Layout = h.Layout,
                    PageSize = first.PageSize,
                    MaxMapNr = first.MaxMapNr,
                    Compression = CompressionOf(h.Status),
                    DumpLevel = h.DumpLevel,
                    PhysBase = h.PhysBase,
                    Utsname = h.Utsname,
                    TimestampSeconds = h.TimestampSeconds,
                    TimestampMicroseconds = h.TimestampMicroseconds,
                    NrCpus = h.NrCpus,
                    Notes = notes,
                    VmcoreinfoInNotes = NoteArea.FindVmcoreinfo(notes),
                    Threads = o.Threads,
                    Progress = (a, b) => m.ProgressStep("Copying data", a, b),
                    StoredPage = pfn =>
                    {
                        foreach (KdumpPageSource s in parts)
                        {
                            if (pfn < s.Header.StartPfn || pfn >= s.Header.EndPfn) continue;
                            if (!s.TryReadDescriptor(pfn, out PageDescriptor pd))
                                throw new DumpFormatException($"pfn 0x{pfn:x} is marked dumped but has no page in its split file");
                            return (pd.Flags, s.ReadStored(pd));
                        }
                        throw new DumpFormatException($"no split file holds pfn 0x{pfn:x}");
                    },
                };
                KdumpWriter.Write(sink, w, first.MemoryBitmap, first.DumpedBitmap, null);
            }
            finally
            {
                foreach (KdumpPageSource s in parts) s.Dispose();
            }
        }

        private static PageCompression CompressionOf(uint status)
        {
            if ((status & KdumpConstants.CompressedZlib) != 0) return PageCompression.Zlib;
            if ((status & KdumpConstants.CompressedLzo) != 0) return PageCompression.Lzo;
            if ((status & KdumpConstants.CompressedSnappy) != 0) return PageCompression.Snappy;
            if ((status & KdumpConstants.CompressedZstd) != 0) return PageCompression.Zstd;
            return PageCompression.None;
        }
    }
}
