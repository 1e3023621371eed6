using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace TestSupport
{
    /// <summary>Runs a host command to completion, capturing its output, with a hard timeout.</summary>
    public static class ProcessRunner
    {
        public sealed record Result(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

        /// <param name="progress">if given, receives each stderr line as it arrives, so a long step
        /// (a cold kernel build) says what it is doing instead of minutes of silence.</param>
        public static Result Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workDir = null,
            IDictionary<string, string>? env = null, string? stdin = null, Action<string>? progress = null)
        {
            ProcessStartInfo psi = StartInfo(file, args, env, redirectStdin: stdin != null);
            psi.WorkingDirectory = workDir ?? BenchPaths.RepoRoot;
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (stderr) stderr.AppendLine(e.Data);
                progress?.Invoke(e.Data);
            };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            if (stdin != null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
            WaitOrKill(p, file, args, timeout);
            return new Result(p.ExitCode, stdout.ToString(), stderr.ToString(), sw.Elapsed);
        }

        /// <summary>Runs and throws with the command's stderr when it fails.</summary>
        public static Result RunChecked(string file, IEnumerable<string> args, TimeSpan timeout, string? workDir = null,
            IDictionary<string, string>? env = null, Action<string>? progress = null)
        {
            Result r = Run(file, args, timeout, workDir, env, progress: progress);
            if (r.ExitCode != 0)
                throw new InvalidOperationException($"{file} {string.Join(" ", args)} exited {r.ExitCode}:\n{Tail(r.StdErr + r.StdOut, 4000)}");
            return r;
        }

        /// <summary>
        /// Runs with standard input read from <paramref name="stdinFile"/> and standard output
        /// written to <paramref name="stdoutFile"/> (binary: dumps, flattened streams), or
        /// captured exactly as written when no file is given. A tool may refuse before it has
        /// read all its input; the broken pipe is then not an error.
        /// </summary>
        public static Result RunWithFiles(string file, IEnumerable<string> args, TimeSpan timeout, string? stdinFile, string? stdoutFile,
            IDictionary<string, string>? env = null)
        {
            // In the caller's directory, as the tests' relative paths expect.
            ProcessStartInfo psi = StartInfo(file, args, env, redirectStdin: stdinFile != null);
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            FileStream? output = stdoutFile == null ? null : File.Create(stdoutFile);
            try
            {
                Task<string> stdout = output == null ? p.StandardOutput.ReadToEndAsync() : CopyThenEmpty(p.StandardOutput.BaseStream, output);
                if (stdinFile != null)
                {
                    try
                    {
                        using (FileStream f = File.OpenRead(stdinFile)) f.CopyTo(p.StandardInput.BaseStream);
                        p.StandardInput.Close();
                    }
                    catch (IOException) { }
                }
                WaitOrKill(p, file, args, timeout);
                return new Result(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult(), sw.Elapsed);
            }
            finally
            {
                output?.Dispose();
            }
        }

        private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, IDictionary<string, string>? env, bool redirectStdin)
        {
            var psi = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = redirectStdin,
                UseShellExecute = false,
            };
            foreach (string a in args) psi.ArgumentList.Add(a);
            if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            return psi;
        }

        // A command past its timeout is killed with its children, and the caller gets a TimeoutException.
        private static void WaitOrKill(Process p, string file, IEnumerable<string> args, TimeSpan timeout)
        {
            if (!p.WaitForExit((int)timeout.TotalMilliseconds))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new TimeoutException($"{file} {string.Join(" ", args)} did not finish within {timeout.TotalSeconds:0} s");
            }
            p.WaitForExit();
        }

        private static async Task<string> CopyThenEmpty(Stream from, Stream to)
        {
            await from.CopyToAsync(to).ConfigureAwait(false);
            return "";
        }

        public static string Tail(string s, int max) => s.Length <= max ? s : "..." + s.Substring(s.Length - max);
    }
}
