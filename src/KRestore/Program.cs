using System;
using System.CommandLine;
using System.IO;
using Common;
using Common.DumpFormats;
using KRestore.Cli;
using KRestore.Memory;
using KRestore.Output;
using KRestore.Planning;
using KRestore.Target;

namespace KRestore
{
    internal static class Program
    {
        private static int Main(string[] args) => Run(args, Console.Out, Console.Error, !Console.IsErrorRedirected);

        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal)
        {
            var root = new RootCommand(
                "Write a saved memory image (kdump-compressed, ELF or flattened, as makedumpfile saves it) back into " +
                "the other kernel's memory through /dev/oldmem. The whole image is checked before anything is written. " +
                ExitCodes.HelpText);
            // Our own --version (also -v, as kexec-tools spells it) replaces the default one.
            for (int i = root.Options.Count - 1; i >= 0; i--)
                if (root.Options[i] is VersionOption) root.Options.RemoveAt(i);
            var version = new Option<bool>("--version", "-v") { Description = "Print the version and exit." };
            var rebuild = new Option<bool>("-R") { Description = "Read the image as a flattened stream (makedumpfile -F) from standard input." };
            var target = new Option<string>("--target") { Description = "Memory to write: file offset = physical address.", DefaultValueFactory = _ => RestoreOptions.DefaultTarget };
            var targetCore = new Option<string>("--target-core") { Description = "ELF core whose PT_LOADs are the target's RAM.", DefaultValueFactory = _ => RestoreOptions.DefaultTargetCore };
            var targetRanges = new Option<string>("--target-ranges") { Description = "The target's RAM as START-END[,START-END...] (hex, END inclusive) instead of --target-core." };
            var systemRoot = new Option<string>("--system-root") { Description = "Root of the running system, for proc/iomem (the running kernel's own RAM).", DefaultValueFactory = _ => "/" };
            var tempDir = new Option<string>("--temp-dir") { Description = "Where a flattened image is rebuilt before it is checked (default $TMPDIR or /tmp)." };
            var jumpBack = new Option<string>("--jump-back-entry") { Description = "Kernel A's jump-back entry (hex), for an image without a KEXEC_JUMP note." };
            var dryRun = new Option<bool>("--dry-run") { Description = "Check the image and show what would be written; write nothing." };
            var force = new Option<bool>("--force", "-f") { Description = "Write even when a check fails (dump level, kernel release, ranges); pages that cannot be written are left out." };
            var noVerify = new Option<bool>("--no-verify") { Description = "Do not read the target back after writing." };
            var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object." };
            var messageLevel = new Option<int>("--message-level") { Description = "Bits: 1 progress, 2 summary, 4 errors, 8 debug.", DefaultValueFactory = _ => Messages.DefaultLevel };
            var threads = new Option<int>("--num-threads") { Description = "Threads decompressing pages (default: one per CPU)." };
            var image = new Argument<string[]>("IMAGE") { Description = "The saved image (omit with -R).", Arity = ArgumentArity.ZeroOrMore };
            foreach (Option opt in new Option[] { version, rebuild, target, targetCore, targetRanges, systemRoot, tempDir, jumpBack, dryRun, force, noVerify, json, messageLevel, threads })
                root.Options.Add(opt);
            root.Arguments.Add(image);

            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors) stderr.WriteLine("krestore: " + e.Message);
                return ExitCodes.Usage;
            }
            if (parse.GetValue(version))
            {
                stdout.WriteLine(ToolVersion.Line("krestore"));
                return ExitCodes.Success;
            }
            if (parse.Action is not null && parse.Action.GetType().Name.Contains("Help"))
                return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });

            int level = parse.GetValue(messageLevel);
            var m = new Messages(level is >= 0 and <= 31 ? level : Messages.DefaultLevel, stdout, stderr, stderrIsTerminal);
            try
            {
                RestoreOptions o = Options(parse, level, rebuild, target, targetCore, targetRanges, systemRoot, tempDir, jumpBack, dryRun, force, noVerify, json, threads, image);
                return RestoreCommand.Run(o, m);
            }
            catch (UsageException e) { return Fail(m, e.Message, ExitCodes.Usage); }
            catch (RefusedException e) { return Fail(m, "refused: " + e.Message + "; nothing was written", ExitCodes.Refused); }
            catch (DumpFormatException e) { return Fail(m, "refused: " + e.Message + "; nothing was written", ExitCodes.Refused); }
            catch (TargetException e) { return Fail(m, e.Message, ExitCodes.IoError); }
            catch (IOException e) { return Fail(m, e.Message, ExitCodes.IoError); }
            catch (UnauthorizedAccessException e) { return Fail(m, e.Message, ExitCodes.IoError); }
            catch (FormatException e) { return Fail(m, e.Message, ExitCodes.IoError); }
        }

        private static RestoreOptions Options(ParseResult parse, int level, Option<bool> rebuild, Option<string> target, Option<string> targetCore,
            Option<string> targetRanges, Option<string> systemRoot, Option<string> tempDir, Option<string> jumpBack, Option<bool> dryRun,
            Option<bool> force, Option<bool> noVerify, Option<bool> json, Option<int> threads, Argument<string[]> image)
        {
            string[] images = parse.GetValue(image) ?? Array.Empty<string>();
            foreach (string i in images)
                if (i.StartsWith("-", StringComparison.Ordinal) && i != "-") throw new UsageException($"unknown option {i} (see --help)");
            bool stdin = parse.GetValue(rebuild);
            if (stdin && images.Length > 0) throw new UsageException("-R reads the image from standard input: give no IMAGE");
            if (!stdin && images.Length != 1) throw new UsageException(images.Length == 0 ? "no IMAGE given (see --help)" : "give one IMAGE");
            if (level < 0 || level > 31) throw new UsageException($"message level {level} is not in 0-31");
            int t = parse.GetValue(threads);
            if (t < 0 || t > 256) throw new UsageException($"--num-threads {t} is not in 1-256");
            var o = new RestoreOptions
            {
                Image = stdin ? null : images[0],
                FromStdin = stdin,
                Target = parse.GetValue(target) ?? RestoreOptions.DefaultTarget,
                TargetCore = parse.GetValue(targetCore) ?? RestoreOptions.DefaultTargetCore,
                SystemRoot = parse.GetValue(systemRoot) ?? "/",
                TempDir = parse.GetValue(tempDir),
                DryRun = parse.GetValue(dryRun),
                Force = parse.GetValue(force),
                Verify = !parse.GetValue(noVerify),
                Json = parse.GetValue(json),
                MessageLevel = level,
                Threads = t,
            };
            string? ranges = parse.GetValue(targetRanges);
            if (ranges != null)
            {
                try { o.TargetRanges = RangeSet.Parse(ranges); }
                catch (FormatException e) { throw new UsageException("--target-ranges: " + e.Message); }
            }
            string? entry = parse.GetValue(jumpBack);
            if (entry != null)
            {
                if (!RangeSet.TryHex(entry, out ulong e)) throw new UsageException($"--jump-back-entry {entry} is not a hexadecimal address");
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
