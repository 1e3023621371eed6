using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Compression;
using MakeDumpFile.Cli;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;
using ToolHost;
using ToolHost.CommandLine;
using ToolHost.Output;

namespace MakeDumpFile
{
    internal static class Program
    {
        /// <summary>makedumpfile's COMPLETED and FAILED: every failure, usage errors included, exits 1.</summary>
        public const int Completed = 0;
        public const int Failed = 1;

        private static int Main(string[] args)
        {
            Common.DumpFormats.Output.PartialFiles.ToolName = "makedumpfile";
            return Run(args, ToolIO.FromConsole());
        }

        /// <summary>The whole tool on the given streams (tests run it in-process).</summary>
        internal static int Run(string[] args, ToolIO io)
        {
            // 1.7.2 prints no closing line under --check-params, refusals included (also of an
            // option it does not know, so this looks at the words before getopt_long does).
            var m = new Messages(ToolHost.Output.MessageLevel.Default, dumpOnStdout: false, io) { ClosingLine = !NamesCheckParams(args) };
            return Guarded(() => m, () =>
            {
                ParsedCommandLine p = GetOptLong.Parse(args, MakeDumpFileOptionTable.Table);
                foreach (ParsedCommandLine.Occurrence x in p.Occurrences)
                {
                    if (x.Option.Key == "help")
                    {
                        MakeDumpFileHelp.Write(io.Out);
                        return Completed;
                    }
                    if (x.Option.Key == "version" || x.Option.Key == "version-long")
                    {
                        io.Out.WriteLine(ToolVersion.Text("makedumpfile"));
                        return Completed;
                    }
                }
                MakeDumpFileOptions o = MakeDumpFileCommandLine.ToOptions(p);
                m = new Messages(o.MessageLevel, o.Flatten, io) { ClosingLine = !o.CheckParams };
                DebugPreamble(args, m);
                ParameterChecks.Check(o);
                // --check-params: the command line as the mode would take it, nothing opened.
                if (o.CheckParams) return Completed;
                CheckWorkDir(o);
                if (o.GenerateVmcoreInfo != null) return Debuginfo.GenerateCommand.Run(o, m);
                if (o.Rebuild) return RebuildCommand.Run(o, m);
                if (o.Reassemble) return SplitCommands.Reassemble(o, m);
                if (o.DumpDmesg) return Dmesg.DmesgCommand.Run(o, m);
                if (o.MemUsage) return MemUsageCommand.Run(o, m);
                if (o.Split) return SplitCommands.Split(o, m);
                return DumpCommand.Run(o, m);
            });
        }

        /// <summary>--check-params, or an abbreviation only it has ("--check"), among the options.</summary>
        private static bool NamesCheckParams(string[] args)
        {
            foreach (string a in args)
            {
                if (a == "--") break;
                if (a.Length > 3 && a.StartsWith("--ch", StringComparison.Ordinal) && "--check-params".StartsWith(a, StringComparison.Ordinal)) return true;
            }
            return false;
        }

        /// <summary>What 1.7.2's main() prints first under -D: its version and the command line.</summary>
        private static void DebugPreamble(string[] args, Messages m)
        {
            string version = ToolVersion.Text("makedumpfile").Split('\n')[0];
            m.DebugText(version + "\ncommand line: makedumpfile " + string.Join(" ", args) + " \n\n");
        }

        /// <summary>
        /// --work-dir must be a directory when a mode that would keep its bitmap file there runs
        /// (1.7.2's open_dump_bitmap() fails on a missing one for the dump, --split, --reassemble
        /// and --mem-usage; -R and --dump-dmesg do not use it). Ours keeps bitmaps in memory and
        /// uses the directory for a flattened input or a split set given as input.
        /// </summary>
        private static void CheckWorkDir(MakeDumpFileOptions o)
        {
            if (o.WorkDir == null || o.Rebuild || o.DumpDmesg) return;
            if (!Directory.Exists(o.WorkDir)) throw new UsageException($"--work-dir {o.WorkDir}: No such directory");
        }

        /// <summary>
        /// Runs a mode, turning the exceptions that mean bad input or a failing system into one
        /// error line and exit 1; anything else escapes. tests/Fuzz runs makedumpfile's kernel
        /// analysis through it too, so the fuzzer accepts exactly what makedumpfile does.
        /// </summary>
        internal static int Guarded(Func<Messages> messages, Func<int> mode)
        {
            try { return mode(); }
            catch (UsageException e) { return Fail(messages(), e.Message); }
            catch (DumpFormatException e) { return Fail(messages(), e.Message); }
            catch (KernelDataException e) { return Fail(messages(), e.Message); }
            catch (VmcoreInfoFileException e) { return Fail(messages(), e.Message, e.ExitCode); }
            catch (Debuginfo.KernelDebugInfoException e) { return Fail(messages(), e.Message); }
            // A malformed VMCOREINFO value (Common.Vmcore.VmcoreInfo) wherever it is read.
            catch (FormatException e) { return Fail(messages(), e.Message); }
            catch (Common.DumpFormats.Output.DiskFullException e) { return Fail(messages(), e.Message); }
            catch (IOException e) { return Fail(messages(), ErrorText.Describe(e)); }
            catch (UnauthorizedAccessException e) { return Fail(messages(), ErrorText.Describe(e)); }
        }

        /// <summary>One line naming the problem, then makedumpfile's closing line, exit 1 (or STATUS: 2 for -i's wrong release).</summary>
        internal static int Fail(Messages m, string message, int status = Failed)
        {
            m.ErrorLine(message);
            if (m.ClosingLine) m.Info("\nmakedumpfile Failed.\n");
            return status;
        }
    }
}
