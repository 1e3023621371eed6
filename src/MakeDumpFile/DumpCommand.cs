using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Flattened;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Kdump;
using Common.DumpFormats.Output;
using Common.Elf;
using Common.Vmcore;
using MakeDumpFile.Cli;
using MakeDumpFile.Filtering;
using MakeDumpFile.Jump;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;
using MakeDumpFile.Writers;
using MakeDumpFile.Writers.Kdump;
using ToolHost.CommandLine;

namespace MakeDumpFile
{
    /// <summary>The default mode: filter a vmcore and write it as kdump-compressed or ELF, to a file or flattened.</summary>
    internal static class DumpCommand
    {
        // One time stamp for every file of a run: makedumpfile --reassemble insists that the
        // header blocks of split files are identical.
        private static readonly DateTimeOffset DumpTime = DateTimeOffset.UtcNow;

        public static int Run(MakeDumpFileOptions o, Messages m)
        {
            // VMCORE DUMPFILE (VMCORE with -F); several VMCOREs are the pieces of a split set (ours).
            if (o.Paths.Count < (o.Flatten ? 1 : 2))
                throw new UsageException(o.Flatten ? "-F takes one VMCORE and writes to standard output" : "expected VMCORE and DUMPFILE");
            List<string> inputs = o.Flatten ? o.Paths : o.Paths.GetRange(0, o.Paths.Count - 1);
            VmcoreInfoFile? file = VmcoreInfoFile.OpenFor(o, inputs[0]);
            using IPageSource source = JumpInput.Open(o, inputs, m);
            var warnings = new List<string>();
            // The kernel is read once for the highest level any attempt may use (1.7.2's initial()
            // looks at max_dump_level too).
            KernelImage? kernel = LoadKernel(source, file, MaxLevel(o), warnings);
            VtopReport.Print(o.Vtop, kernel, m);
            Erasing.EraseRanges? erase = Erasing.FilterSetup.Resolve(o, kernel, m);
            // The writers read the pages with the filter's stretches erased; the analysis reads them as they are.
            IPageSource pages = erase != null ? new Erasing.ErasingPageSource(source, erase) : source;
            string output = o.Flatten ? "standard output" : o.Paths[o.Paths.Count - 1];
            for (int attempt = 0; ; attempt++)
            {
                o.DumpLevel = o.DumpLevels[attempt];
                var clock = Stopwatch.StartNew();
                FilterResult filter = DumpFilter.Run(source, kernel, o.DumpLevel, excludeZeroNow: o.Elf, o.Threads,
                    (step, a, b) => m.ProgressStep(step, a, b), warnings);
                foreach (string w in warnings) m.Info(w + "\n");
                warnings.Clear();
                m.ReportText($"STEP [Excluding unnecessary pages] : {clock.Elapsed.TotalSeconds:F6} seconds\n");

                IDumpSink sink = OpenDigestedSink(o, output, m);
                clock.Restart();
                ulong? elfExcluded = null;
                string? retry = SinkRun.RetryLine(o, attempt);
                bool written = SinkRun.WriteAndCommit(sink, target =>
                {
                    if (o.Elf)
                    {
                        elfExcluded = WriteElf(target, pages, filter, o, m, erase);
                    }
                    else
                    {
                        KdumpWriteOptions ko = KdumpOptions(o, source, kernel, filter, m);
                        if (erase != null) ko.EraseInfo = erase.EraseInfo(source.PageSize, pfn => filter.Keep[pfn]);
                        KdumpWriteResult r = KdumpWriter.Write(target, ko, filter.Memory, filter.Keep, pages);
                        if ((o.DumpLevel & DumpLevel.Zero) != 0) filter.Counters.Zero += r.ZeroPages;
                    }
                }, m, retryLine: retry);
                if (!written && retry != null) continue;
                if (!written) return 1;
                m.ReportText($"STEP [Copying data               ] : {clock.Elapsed.TotalSeconds:F6} seconds\n");
                m.ReportText(Report.Format(filter.MaxMapNr, filter.Counters, elfExcluded, sink.BytesWritten,
                    kernel?.Memory.CacheHits ?? 0, kernel?.Memory.CacheMisses ?? 0));
                // 1.7.2 names the file under --dry-run too (nothing is written), and none for -F.
                return o.Flatten ? SinkRun.Completed(m) : SinkRun.Completed(m, output);
            }
        }

        /// <summary>The highest of the -d levels (they need not be in order).</summary>
        public static int MaxLevel(MakeDumpFileOptions o)
        {
            int max = 0;
            foreach (int l in o.DumpLevels) max = Math.Max(max, l);
            return max;
        }

        /// <summary>
        /// The dumped kernel, from the -i FILE (opened by the mode before the dump, as 1.7.2 does)
        /// with the dump's VMCOREINFO note, or from the note alone. A bad -i file fails at every
        /// dump level (<see cref="VmcoreInfoFileException"/>); other kernel data that cannot be
        /// used is only a warning at levels 0 and 1.
        /// </summary>
        public static KernelImage? LoadKernel(IPageSource source, VmcoreInfoFile? file, int dumpLevel, List<string> warnings)
        {
            VmcoreInfo? info = VmcoreInfoFile.For(file, source.VmcoreInfo);
            if (info == null)
            {
                if ((dumpLevel & ~DumpLevel.Zero) != 0)
                    throw new KernelDataException($"dump level {dumpLevel} needs the dumped kernel's VMCOREINFO, and {DescribeSource(source)} has none");
                return null;
            }
            try
            {
                return KernelImage.Load(source, info, file);
            }
            catch (KernelDataException e) when ((dumpLevel & ~DumpLevel.Zero) == 0)
            {
                // Dump levels 0 and 1 need nothing from the kernel; say why memory is not trimmed.
                warnings.Add("WARNING: " + e.Message);
                return null;
            }
        }

        private static string DescribeSource(IPageSource s) => s.Origin.Name;

        /// <summary>Where an image we write goes: the file or stream, with the digest trailer appended on commit.</summary>
        public static IDumpSink OpenDigestedSink(MakeDumpFileOptions o, string output, Messages m) => new DigestingSink(OpenSink(o, output, m));

        public static IDumpSink OpenSink(MakeDumpFileOptions o, string output, Messages m)
        {
            if (o.DryRun) return new CountingSink();
            IDumpSink sink;
            if (o.Flatten)
            {
                sink = new FlattenedSink(m.IO.OpenStdout());
            }
            else
            {
                if (File.Exists(output) && !o.Force)
                    throw new UsageException($"{output} already exists (use -f to overwrite it)");
                if (Directory.Exists(output)) throw new UsageException($"{output} is a directory");
                foreach (string stale in FileDumpSink.RemoveStale(output))
                    m.Info($"Removed {stale}, left by an interrupted run.\n");
                sink = new FileDumpSink(output);
            }
            return o.SizeLimit > 0 ? new SizeLimitedSink(sink, o.SizeLimit, output) : sink;
        }

        public static KdumpWriteOptions KdumpOptions(MakeDumpFileOptions o, IPageSource source, KernelImage? kernel, FilterResult filter, Messages m)
        {
            byte[] notes = OutputNoteBytes(o, source);
            DateTimeOffset now = DumpTime;
            KdumpHeaderLayout layout = KdumpHeaderLayout.ForElfMachine(DumpedMachine(source, kernel));
            return new KdumpWriteOptions
            {
                Layout = layout,
                PageSize = source.PageSize,
                MaxMapNr = filter.MaxMapNr,
                Compression = o.Compression,
                Tuning = o.Tuning,
                DumpLevel = o.DumpLevel,
                PhysBase = kernel?.Translator.PhysBase ?? source.HeaderPhysBase ?? 0,
                Utsname = UtsName.Read(kernel, layout.Name),
                TimestampSeconds = now.ToUnixTimeSeconds(),
                TimestampMicroseconds = now.Millisecond * 1000L,
                NrCpus = NoteArea.CountCpus(notes),
                Notes = notes,
                VmcoreinfoInNotes = NoteArea.FindVmcoreinfo(notes),
                ExcludeZero = (o.DumpLevel & DumpLevel.Zero) != 0,
                Threads = o.Threads,
                Progress = (a, b) => m.ProgressStep("Copying data", a, b),
            };
        }

        /// <summary>
        /// The dumped kernel's ELF e_machine, which decides the kdump header layout (the one a
        /// makedumpfile built for that architecture writes): i386 when the kernel analysed has
        /// 4-byte pointers, else what the input says (an ELF core's e_machine, a kdump header's
        /// utsname.machine); x86_64 when nothing does.
        /// </summary>
        private static ushort DumpedMachine(IPageSource source, KernelImage? kernel)
        {
            if (kernel != null) return kernel.Translator.PointerSize == 4 ? ElfConstants.MachineI386 : ElfConstants.MachineX86_64;
            return source.Origin.Machine ?? ElfConstants.MachineX86_64;
        }

        /// <summary>
        /// The input's notes with its KEXEC_JUMP notes replaced by ours: the dump level the output
        /// is filtered with (what the input already left out included), kernel A's jump-back
        /// entry when there is one (docs/krestore.md, "The KEXEC_JUMP note") and the digest
        /// parameters of the trailer the output gets (docs/makedumpfile.md, "Image digests").
        /// </summary>
        public static byte[] OutputNoteBytes(MakeDumpFileOptions o, IPageSource source)
        {
            OutputNotes notes = OutputNotes.Split(source.Notes);
            var ours = new KexecJumpNote
            {
                DumpLevel = o.DumpLevel | source.PreviousDumpLevel | (notes.Input.DumpLevel ?? 0),
                JumpBackEntry = JumpBackEntry.Resolve(o.JumpBackEntry, notes.Input.JumpBackEntry, JumpInput.IsProcVmcore(o.Paths[0]) ? o.CmdlinePath : null),
                Digests = DigestParameters.Default,
            };
            return notes.With(ours);
        }

        private static ulong WriteElf(IDumpSink sink, IPageSource source, FilterResult filter, MakeDumpFileOptions o, Messages m, Erasing.EraseRanges? erase)
        {
            // An ELF input keeps its class, machine and PT_NOTE fields; any other input becomes an x86_64 ELF64 core (the behaviour this tool has always had).
            ImageOrigin origin = source.Origin;
            ElfClass cls = origin.ElfClass ?? ElfClass.Elf64;
            ushort machine = origin.IsElfCore && origin.Machine is ushort elfMachine ? elfMachine : ElfConstants.MachineX86_64;
            ProgramHeader? noteTemplate = origin.ElfNoteHeader;
            Func<ulong, bool> dumpable = ElfPageRule.Create(source, filter, o.DumpLevel, cyclic: o.CyclicBufferKiB != null);
            byte[] notes = OutputNoteBytes(o, source);
            // 1.7.2 counts the bytes it erased in the pages it writes.
            if (erase != null) notes = Erasing.FilterSetup.WithEraseInfoNote(notes, erase.EraseInfo(source.PageSize, dumpable));
            ElfDumpWriter.Result r = ElfDumpWriter.Write(sink, source, dumpable, cls, machine, noteTemplate, notes,
                (a, b) => m.ProgressStep("Copying data", a, b));
            return r.PagesExcludedInElf;
        }
    }
}
