using System;
using System.Collections.Generic;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Compression;
using Common.DumpFormats.Output;
using Common.Platform;
using Kexec.Execution;
using Kexec.Model;
using MakeDumpFile;
using MakeDumpFile.Cli;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;

namespace Fuzz
{
    /// <summary>
    /// The three tools run in-process the way their Main runs them, so a harness sees exactly
    /// which exceptions the tools turn into their one error line and which escape.
    /// </summary>
    internal static class ToolRuns
    {
        /// <summary>KEXEC_JUMP_FUZZ_VERBOSE=1 (replay only): each tool run's exit code and error output, to see how deep a seed gets.</summary>
        private static readonly bool Verbose = Environment.GetEnvironmentVariable("KEXEC_JUMP_FUZZ_VERBOSE") == "1";

        private static void Tell(string what, int code, string stderr = "")
        {
            if (Verbose) Console.Error.WriteLine($"  {what}: exit {code} {stderr.Trim()}");
        }

        /// <summary>A makedumpfile mode with makedumpfile's own rejections (src/MakeDumpFile/Program.cs); anything else escapes.</summary>
        public static int MakeDumpFile(Func<MakeDumpFileOptions, Messages, int> mode, MakeDumpFileOptions o)
        {
            // Level 0: the harness runs millions of times; messages would only slow it down.
            var m = new Messages(0, dumpOnStdout: false);
            string what = "makedumpfile " + mode.Method.DeclaringType?.Name;
            try
            {
                int code = mode(o, m);
                Tell(what, code);
                return code;
            }
            catch (UsageException e) { Tell(what, 2, e.Message); return 2; }
            catch (DumpFormatException e) { Tell(what, 1, e.Message); return 1; }
            catch (KernelDataException e) { Tell(what, 1, e.Message); return 1; }
            catch (DiskFullException e) { Tell(what, 1, e.Message); return 1; }
            catch (IOException e) { Tell(what, 1, e.Message); return 1; }
            catch (UnauthorizedAccessException e) { Tell(what, 1, e.Message); return 1; }
        }

        public static MakeDumpFileOptions MakeDumpFileOptions(int dumpLevel, PageCompression compression, bool elf, params string[] paths)
        {
            var o = new MakeDumpFileOptions { DumpLevel = dumpLevel, Compression = compression, Elf = elf, Force = true, MessageLevel = 0, Threads = 1 };
            o.Paths.AddRange(paths);
            // Not the harness machine's own /proc/cmdline: a missing file means "no jump-back entry".
            o.CmdlinePath = "/nonexistent/cmdline";
            return o;
        }

        public static int MakeDumpFileDump(MakeDumpFileOptions o) => MakeDumpFile(DumpCommand.Run, o);

        /// <summary>krestore's whole Program.Run: its own catch list decides; unhandled exceptions escape from it.</summary>
        public static int KRestore(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = global::KRestore.Program.Run(args, stdout, stderr, stderrIsTerminal: false);
            Tell("krestore", code, stderr.ToString());
            RequireClearFailure("krestore", code, stderr.ToString());
            return code;
        }

        /// <summary>kexec's whole Program.Run against captured /proc and /sys files and a kernel that only records.</summary>
        public static int Kexec(string systemRoot, params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = global::Kexec.Program.Run(args, stdout, stderr, new DryKernel(), o =>
            {
                o.SystemRoot = systemRoot;
                o.Architecture = CpuArchitecture.X86_64;
            });
            Tell("kexec " + args[0], code, stderr.ToString());
            RequireClearFailure("kexec", code, stderr.ToString());
            return code;
        }

        /// <summary>
        /// The contract for bad input: a non-zero exit with the tool's one "TOOL: ..." error line.
        /// kexec's System.CommandLine invocation prints an exception it did not expect with its
        /// stack trace and exits 1: that is a crash too.
        /// </summary>
        private static void RequireClearFailure(string tool, int code, string stderr)
        {
            if (stderr.Contains("Unhandled exception", StringComparison.Ordinal) || stderr.Contains("\n   at ", StringComparison.Ordinal))
                throw new UnhandledInToolException($"{tool} printed an unhandled exception (exit {code}): {stderr}");
            if (code == 0) return;
            string[] lines = stderr.TrimEnd('\n').Split('\n');
            string last = lines[lines.Length - 1];
            if (!last.StartsWith(tool + ": ", StringComparison.Ordinal))
                throw new UnhandledInToolException($"{tool} exited {code} without its error line: '{stderr}'");
        }

        /// <summary>The kernel side of kexec for a harness: accepts every call, does nothing.</summary>
        private sealed class DryKernel : IKexecKernel
        {
            public bool HasSysBootCapability() => true;
            public void Load(KexecImage image, uint archFlags) { }
            public void FileLoad(string kernelPath, string? initrdPath, string? commandLine, KexecFileFlags flags) { }
            public void Unload(KexecFlags flags, bool fileSyscall) { }
            public void Execute() { }
        }
    }

    /// <summary>A tool reported an exception it should have turned into its one error line.</summary>
    internal sealed class UnhandledInToolException : Exception
    {
        public UnhandledInToolException(string message) : base(message) { }
    }
}
