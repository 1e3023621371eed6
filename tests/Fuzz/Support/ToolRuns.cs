using System;
using System.IO;
using Common.Platform;
using Kexec.Execution;
using Kexec.Model;
using MakeDumpFile.Output;
using ToolHost;

namespace Fuzz
{
    /// <summary>
    /// The three tools run in-process through their own Program.Run (or, for makedumpfile's
    /// kernel analysis, its Program.Guarded), so a harness accepts exactly the exceptions the
    /// tools turn into their one error line; any other escapes from these calls.
    /// </summary>
    internal static class ToolRuns
    {
        /// <summary>KEXEC_JUMP_FUZZ_VERBOSE=1 (replay only): each tool run's exit code and error output, to see how deep a seed gets.</summary>
        private static readonly bool Verbose = Environment.GetEnvironmentVariable("KEXEC_JUMP_FUZZ_VERBOSE") == "1";

        public static int MakeDumpFile(params string[] args) => Checked("makedumpfile", args, io => global::MakeDumpFile.Program.Run(args, io));

        /// <summary>makedumpfile with a file as its standard input (-R reads the flattened stream there).</summary>
        public static int MakeDumpFileWithStdin(string stdin, params string[] args) =>
            Checked("makedumpfile", args, io => global::MakeDumpFile.Program.Run(args, io), stdin);

        /// <summary>Part of a makedumpfile mode, with makedumpfile's own rejections.</summary>
        public static int MakeDumpFileGuarded(string what, Func<Messages, int> mode)
        {
            var stderr = new StringWriter();
            var io = new ToolIO(TextWriter.Null, stderr);
            var m = new Messages(ToolHost.Output.MessageLevel.Error, dumpOnStdout: false, io);
            int code = global::MakeDumpFile.Program.Guarded(() => m, () => mode(m));
            Tell("makedumpfile " + what, code, stderr.ToString());
            return code;
        }

        public static int KRestore(params string[] args) => Checked("krestore", args, io => global::KRestore.Program.Run(args, io));

        /// <summary>kexec against captured /proc and /sys files and a kernel that only records.</summary>
        public static int Kexec(string systemRoot, params string[] args) =>
            Checked("kexec", args, io => global::Kexec.Program.Run(args, io, new DryKernel(), o =>
            {
                o.SystemRoot = systemRoot;
                o.Architecture = CpuArchitecture.X86_64;
            }));

        /// <summary>
        /// The contract for bad input: a non-zero exit ends with the tool's "TOOL: ..." error
        /// line (makedumpfile adds its closing "makedumpfile Failed.").
        /// </summary>
        private static int Checked(string tool, string[] args, Func<ToolIO, int> run, string? stdin = null)
        {
            var stderr = new StringWriter();
            Func<Stream> input = stdin == null ? () => Stream.Null : () => File.OpenRead(stdin);
            int code = run(new ToolIO(TextWriter.Null, stderr, input, () => Stream.Null));
            string err = stderr.ToString();
            Tell($"{tool} {string.Join(" ", args)}", code, err);
            if (code != 0 && !err.Contains(tool + ": ", StringComparison.Ordinal))
                throw new UnhandledInToolException($"{tool} exited {code} without its error line: '{err}'");
            return code;
        }

        private static void Tell(string what, int code, string stderr)
        {
            if (Verbose) Console.Error.WriteLine($"  {what}: exit {code} {stderr.Trim()}");
        }

        /// <summary>The kernel side of kexec for a harness: accepts every call, does nothing.</summary>
        private sealed class DryKernel : IKexecKernel
        {
            public bool HasSysBootCapability() => true;
            public void Load(KexecImage image, uint archFlags) { }
            public void FileLoad(string kernelPath, string? initrdPath, string? commandLine, KexecFileFlags flags) { }
            public void Unload(KexecFlags flags, bool fileSyscall) { }
            public void Execute() { }
            public void Sync() { }
            public void BringNetworkDown() { }
            public int RunShutdown() => 0;
        }
    }

    /// <summary>A tool failed without the error line its bad-input contract promises.</summary>
    internal sealed class UnhandledInToolException : Exception
    {
        public UnhandledInToolException(string message) : base(message) { }
    }
}
