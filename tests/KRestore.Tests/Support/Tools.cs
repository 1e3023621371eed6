using System;
using System.IO;
using TestSupport;
using ToolHost;
using ToolHost.CommandLine;
using Xunit;

namespace KRestore.Tests.Support
{
    /// <summary>Runs krestore and our makedumpfile as processes (the built assemblies next to the tests), or krestore in-process.</summary>
    internal static class Tools
    {
        public sealed record Result(int ExitCode, string Stdout, string Stderr)
        {
            public string All => Stdout + Stderr;
        }

        public static string KRestoreAssembly => Path.Combine(AppContext.BaseDirectory, "krestore.dll");
        public static string MakeDumpFileAssembly => Path.Combine(AppContext.BaseDirectory, "makedumpfile.dll");

        /// <summary>krestore's Main, in this process (fast; same exit codes).</summary>
        public static Result KRestore(params string[] args)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int code = Program.Run(args, o, e, stderrIsTerminal: false);
            return new Result(code, o.ToString(), e.ToString());
        }

        public static Result KRestoreProcess(string args, string? stdinFile = null, string? runAs = null) =>
            runAs == null
                ? Run("dotnet", $"\"{KRestoreAssembly}\" {args}", stdinFile, null)
                : Run("setpriv", $"--reuid={runAs} --regid={runAs} --clear-groups dotnet \"{KRestoreAssembly}\" {args}", stdinFile, null);

        /// <summary>Our makedumpfile's Main, in this process; with stdoutFile its binary standard output goes there.</summary>
        public static Result MakeDumpFile(string args, string? stdoutFile = null)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            FileStream? output = stdoutFile == null ? null : File.Create(stdoutFile);
            try
            {
                var io = new ToolIO(o, e, binaryStdout: output == null ? null : () => output);
                int code = global::MakeDumpFile.Program.Run(ShellWords.Split(args), io);
                return new Result(code, o.ToString(), e.ToString());
            }
            finally
            {
                output?.Dispose();
            }
        }

        /// <summary>krestore in this process reading standard input from a file (-R).</summary>
        public static Result KRestoreWithStdin(string args, string stdinFile)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int code = Program.Run(ShellWords.Split(args), new ToolIO(o, e, stdin: () => File.OpenRead(stdinFile)));
            return new Result(code, o.ToString(), e.ToString());
        }

        public static Result Run(string exe, string args, string? stdinFile, string? stdoutFile)
        {
            // dotnet run by an unprivileged user must not try to write root's home.
            var env = new System.Collections.Generic.Dictionary<string, string>
            {
                ["DOTNET_CLI_HOME"] = "/tmp", ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            };
            ProcessRunner.Result r = ProcessRunner.RunWithFiles(exe, ShellWords.Split(args), TimeSpan.FromMinutes(10), stdinFile, stdoutFile, env);
            return new Result(r.ExitCode, r.StdOut, r.StdErr);
        }

        public static Result MustSucceed(Result r, string what)
        {
            Assert.True(r.ExitCode == 0, $"{what} failed with exit code {r.ExitCode}:\n{r.Stderr}\n{r.Stdout}");
            return r;
        }
    }
}
