using System;
using System.IO;
using ToolHost;
using ToolHost.CommandLine;
using ToolHost.Output;
using Common.DumpFormats;
using Common.Memory;
using Common.Numbers;
using KRestore.Cli;
using KRestore.Output;
using KRestore.Planning;
using KRestore.Target;

namespace KRestore
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            Common.DumpFormats.Output.PartialFiles.ToolName = "krestore";
            return Run(args, ToolIO.FromConsole());
        }

        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal) =>
            Run(args, new ToolIO(stdout, stderr, stderrIsTerminal: stderrIsTerminal));

        internal static int Run(string[] args, ToolIO io)
        {
            var m = new Messages(ToolHost.Output.MessageLevel.Default, io.Out, io.Err, io.ErrIsTerminal);
            try
            {
                ParsedCommandLine parse = GetOptLong.Parse(args, RestoreOptionTable.Table);
                if (parse.Has("help"))
                {
                    HelpFormatter.Write(io.Out, RestoreOptionTable.Table,
                        "Usage: krestore [OPTION]... IMAGE\n       krestore -R [OPTION]... < FLATTENED-IMAGE\n\n" +
                        "Write a saved memory image (kdump-compressed, ELF or flattened, as makedumpfile saves it) back into\n" +
                        "the other kernel's memory through /dev/oldmem. The whole image is checked before anything is written.\n" +
                        ExitCodes.HelpText);
                    return ExitCodes.Success;
                }
                if (parse.Has("version"))
                {
                    io.Out.WriteLine(ToolVersion.Text("krestore"));
                    return ExitCodes.Success;
                }
                int level = MessageLevel(parse);
                m = new Messages(level, io.Out, io.Err, io.ErrIsTerminal);
                RestoreOptions o = Options(parse, level);
                o.IO = io;
                return RestoreCommand.Run(o, m);
            }
            catch (UsageException e) { return Fail(m, e.Message, ExitCodes.Usage); }
            catch (RefusedException e) { return Fail(m, "refused: " + e.Message + "; nothing was written", ExitCodes.Refused); }
            catch (DumpFormatException e) { return Fail(m, "refused: " + e.Message + "; nothing was written", ExitCodes.Refused); }
            catch (TargetException e) { return Fail(m, e.Message, ExitCodes.IoError); }
            catch (IOException e) { return Fail(m, ErrorText.Describe(e), ExitCodes.IoError); }
            catch (UnauthorizedAccessException e) { return Fail(m, ErrorText.Describe(e), ExitCodes.IoError); }
            catch (FormatException e) { return Fail(m, e.Message, ExitCodes.IoError); }
        }

        private static int MessageLevel(ParsedCommandLine parse)
        {
            string? text = parse.Last("message-level");
            if (text == null) return ToolHost.Output.MessageLevel.Default;
            if (!NumberParser.TryParseDecimal(text, out int level) || level > ToolHost.Output.MessageLevel.All)
                throw new UsageException($"message level {text} is not in 0-31");
            return level;
        }

        private static RestoreOptions Options(ParsedCommandLine parse, int level)
        {
            var images = parse.Operands;
            bool stdin = parse.Has("rearrange");
            if (stdin && images.Count > 0) throw new UsageException("-R reads the image from standard input: give no IMAGE");
            if (!stdin && images.Count != 1) throw new UsageException(images.Count == 0 ? "no IMAGE given (see --help)" : "give one IMAGE");
            int t = 0;
            string? threads = parse.Last("num-threads");
            if (threads != null && (!NumberParser.TryParseDecimal(threads, out t) || t > 256))
                throw new UsageException($"--num-threads {threads} is not in 1-256");
            var o = new RestoreOptions
            {
                Image = stdin ? null : images[0],
                FromStdin = stdin,
                Target = parse.Last("target") ?? RestoreOptions.DefaultTarget,
                TargetCore = parse.Last("target-core") ?? RestoreOptions.DefaultTargetCore,
                SystemRoot = parse.Last("system-root") ?? "/",
                TempDir = parse.Last("temp-dir"),
                DryRun = parse.Has("dry-run"),
                Force = parse.Has("force"),
                AllowNoDigests = parse.Has("allow-no-digests"),
                CheckPages = parse.Has("check-pages"),
                Verify = !parse.Has("no-verify"),
                Json = parse.Has("json"),
                MessageLevel = level,
                Threads = t,
            };
            string? ranges = parse.Last("target-ranges");
            if (ranges != null)
            {
                try { o.TargetRanges = RangeSet.Parse(ranges); }
                catch (FormatException e) { throw new UsageException("--target-ranges: " + e.Message); }
            }
            string? entry = parse.Last("jump-back-entry");
            if (entry != null)
            {
                if (!NumberParser.TryParseHex(entry, out ulong e)) throw new UsageException($"--jump-back-entry {entry} is not a hexadecimal address");
                o.JumpBackEntry = e;
            }
            return o;
        }

        private static int Fail(Messages m, string message, int code)
        {
            m.ErrorLine(message);
            return code;
        }
    }
}
