using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
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
            var psi = new ProcessStartInfo(exe, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = stdinFile != null,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi)!;
            Task<string> err = p.StandardError.ReadToEndAsync();
            string stdout = "";
            if (stdoutFile != null)
            {
                using FileStream f = File.Create(stdoutFile);
                Task copy = p.StandardOutput.BaseStream.CopyToAsync(f);
                if (stdinFile != null) FeedStdin(p, stdinFile);
                copy.Wait();
            }
            else
            {
                Task<string> o = p.StandardOutput.ReadToEndAsync();
                if (stdinFile != null) FeedStdin(p, stdinFile);
                stdout = o.Result;
            }
            if (!p.WaitForExit(600_000)) { p.Kill(); Assert.Fail($"{exe} {args} did not finish in 10 minutes"); }
            return new Result(p.ExitCode, stdout, err.Result);
        }

        private static void FeedStdin(Process p, string file)
        {
            using (FileStream f = File.OpenRead(file)) f.CopyTo(p.StandardInput.BaseStream);
            p.StandardInput.Close();
        }

        public static Result MustSucceed(Result r, string what)
        {
            Assert.True(r.ExitCode == 0, $"{what} failed with exit code {r.ExitCode}:\n{r.Stderr}\n{r.Stdout}");
            return r;
        }
    }
}
