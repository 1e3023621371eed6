using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
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
            var psi = new ProcessStartInfo(exe, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = stdinFile != null,
                UseShellExecute = false,
            };
            // dotnet run by an unprivileged user must not try to write root's home.
            psi.Environment["DOTNET_CLI_HOME"] = "/tmp";
            psi.Environment["DOTNET_NOLOGO"] = "1";
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var p = Process.Start(psi)!;
            Task<string> err = p.StandardError.ReadToEndAsync();
            string stdout = "";
            if (stdoutFile != null)
            {
                using FileStream f = File.Create(stdoutFile);
                Task copy = p.StandardOutput.BaseStream.CopyToAsync(f);
                copy.Wait();
            }
            else
            {
                Task<string> o = p.StandardOutput.ReadToEndAsync();
                if (stdinFile != null)
                {
                    try
                    {
                        using (FileStream f = File.OpenRead(stdinFile)) f.CopyTo(p.StandardInput.BaseStream);
                        p.StandardInput.Close();
                    }
                    catch (IOException) { } // the tool may refuse before reading all of it
                }
                stdout = o.Result;
            }
            if (!p.WaitForExit(600_000)) { p.Kill(); Assert.Fail($"{exe} {args} did not finish in 10 minutes"); }
            return new Result(p.ExitCode, stdout, err.Result);
        }

        public static Result MustSucceed(Result r, string what)
        {
            Assert.True(r.ExitCode == 0, $"{what} failed with exit code {r.ExitCode}:\n{r.Stderr}\n{r.Stdout}");
            return r;
        }
    }
}
