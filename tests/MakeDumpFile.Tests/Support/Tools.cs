using System;
using System.IO;
using TestSupport;
using ToolHost;
using ToolHost.CommandLine;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>Runs our makedumpfile in-process (Program.Run on test streams) and Debian's /usr/bin/makedumpfile 1.7.2 as a process.</summary>
    internal static class Tools
    {
        public const string DebianMakedumpfile = "/usr/bin/makedumpfile";

        public sealed record Result(int ExitCode, string Stdout, string Stderr);

        /// <summary>Our makedumpfile with ARGS split as a shell would; stdin and binary stdout from/to files when given.</summary>
        public static Result Ours(string args, string? stdinFile = null, string? stdoutFile = null) =>
            OursArgv(ShellWords.Split(args), stdinFile, stdoutFile);

        public static Result OursArgv(string[] argv, string? stdinFile = null, string? stdoutFile = null, bool stderrIsTerminal = false)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            FileStream? output = stdoutFile == null ? null : File.Create(stdoutFile);
            try
            {
                var io = new ToolIO(o, e,
                    stdin: stdinFile == null ? null : () => File.OpenRead(stdinFile),
                    binaryStdout: output == null ? null : () => output, stderrIsTerminal: stderrIsTerminal);
                int code = Program.Run(argv, io);
                return new Result(code, o.ToString(), e.ToString());
            }
            finally
            {
                output?.Dispose();
            }
        }

        /// <summary>Ours with standard error taken for a terminal, where makedumpfile draws its progress line.</summary>
        public static Result OursOnTerminal(string args) => OursArgv(ShellWords.Split(args), stderrIsTerminal: true);

        public static Result Debian(string args, string? stdinFile = null, string? stdoutFile = null)
        {
            if (!File.Exists(DebianMakedumpfile))
                Assert.Fail("Debian's makedumpfile 1.7.2 is not installed (apt-get install makedumpfile): the differential tests need it");
            return Run(DebianMakedumpfile, args, stdinFile, stdoutFile);
        }

        public static Result Run(string exe, string args, string? stdinFile, string? stdoutFile)
        {
            ProcessRunner.Result r = ProcessRunner.RunWithFiles(exe, ShellWords.Split(args), TimeSpan.FromMinutes(10), stdinFile, stdoutFile);
            return new Result(r.ExitCode, r.StdOut, r.StdErr);
        }

        public static Result MustSucceed(Result r, string what)
        {
            Assert.True(r.ExitCode == 0, $"{what} failed with exit code {r.ExitCode}:\n{r.Stderr}\n{r.Stdout}");
            return r;
        }
    }
}
