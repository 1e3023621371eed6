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
            var m = new Messages(Messages.DefaultLevel, dumpOnStdout: false, io);
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
                m = new Messages(o.MessageLevel, o.Flatten, io);
                // --check-params: the command line as the mode would take it, nothing opened.
                if (p.Has("check-params")) return MakeDumpFileCommandLine.CheckOperands(o);
                if (o.Rebuild) return RebuildCommand.Run(o, m);
                if (o.Reassemble) return SplitCommands.Reassemble(o, m);
                if (o.DumpDmesg) return Dmesg.DmesgCommand.Run(o, m);
                if (o.MemUsage) return MemUsageCommand.Run(o, m);
                if (o.Split) return SplitCommands.Split(o, m);
                return DumpCommand.Run(o, m);
            });
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
            // A malformed VMCOREINFO value (Common.Vmcore.VmcoreInfo) wherever it is read.
            catch (FormatException e) { return Fail(messages(), e.Message); }
            catch (Common.DumpFormats.Output.DiskFullException e) { return Fail(messages(), e.Message); }
            catch (IOException e) { return Fail(messages(), ErrorText.Describe(e)); }
            catch (UnauthorizedAccessException e) { return Fail(messages(), ErrorText.Describe(e)); }
        }

        /// <summary>One line naming the problem, then makedumpfile's closing line, exit 1.</summary>
        internal static int Fail(Messages m, string message)
        {
            m.ErrorLine(message);
            m.Info("\nmakedumpfile Failed.\n");
            return Failed;
        }
    }
}
