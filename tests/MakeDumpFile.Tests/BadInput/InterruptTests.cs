using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Common.DumpFormats.Output;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.BadInput
{
    /// <summary>
    /// A real makedumpfile process sent SIGINT, SIGTERM or SIGHUP while it writes: the partial
    /// file is removed, one line says so, the exit code is 128 + the signal. Dump files are 0600.
    /// </summary>
    [Collection("vmcore")]
    public sealed class InterruptTests
    {
        // Each case sets the signal's disposition itself (coreutils env --default-signal /
        // --ignore-signal): a disposition is inherited, and CI shells differ. Under nohup (or as
        // a background job of a script, for SIGINT) the signal is ignored from the start; the
        // tool then leaves it ignored, as a C program that checks for SIG_IGN before catching
        // does, and the run finishes. A full ./test.sh started with nohup failed the HUP case
        // before this, because the case assumed the default disposition.
        [Theory]
        [InlineData("INT", 2)]
        [InlineData("TERM", 15)]
        [InlineData("HUP", 1)]
        public void A_signal_mid_write_leaves_no_partial_file(string signal, int number)
        {
            using var s = new Scratch();
            using Process p = StartDump(s, "--default-signal=" + signal, out var err);
            string partial = WaitForPartialFile(s, p, err);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(partial));
            Send(signal, p);
            Assert.True(p.WaitForExit(120_000), "makedumpfile did not end after the signal");
            string[] lines = err.Result.Trim().Split('\n');
            Assert.True(p.ExitCode == 128 + number, $"exit {p.ExitCode}, not {128 + number}; stderr: {err.Result}");
            Assert.True(lines.Length == 1 && lines[0].StartsWith("makedumpfile: interrupted by SIG" + signal) && lines[0].Contains("removed"), err.Result);
            string[] left = Directory.GetFiles(s.Dir, "*", SearchOption.AllDirectories);
            Assert.True(left.Length == 0, "left behind: " + string.Join(", ", left));
        }

        [Theory]
        [InlineData("HUP")]
        [InlineData("INT")]
        public void A_signal_ignored_from_the_start_is_left_ignored_and_the_dump_finishes(string signal)
        {
            using var s = new Scratch();
            using Process p = StartDump(s, "--ignore-signal=" + signal, out var err);
            WaitForPartialFile(s, p, err);
            Send(signal, p);
            Assert.True(p.WaitForExit(300_000), "makedumpfile did not finish");
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}; stderr: {err.Result}");
            string[] left = Directory.GetFiles(s.Dir, "*", SearchOption.AllDirectories);
            Assert.True(left.Length == 1 && left[0] == s.File("out"), "files: " + string.Join(", ", left));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(s.File("out")));
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg \"{s.File("out")}\" \"{s.File("dmesg")}\""), "makedumpfile reading the finished dump");
        }

        private static Process StartDump(Scratch s, string disposition, out System.Threading.Tasks.Task<string> err)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "makedumpfile.dll");
            var psi = new ProcessStartInfo("env", $"{disposition} dotnet \"{dll}\" -d 0 -c --message-level 7 \"{Fixtures.Ours612Elf}\" \"{s.File("out")}\"")
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            Process p = Process.Start(psi)!;
            err = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            return p;
        }

        private static string WaitForPartialFile(Scratch s, Process p, System.Threading.Tasks.Task<string> err)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMinutes(5) && !p.HasExited)
            {
                foreach (string f in Directory.GetFiles(s.Dir, ".out.partial-*"))
                    if (new FileInfo(f).Length > 4 << 20) return f;
                Thread.Sleep(50);
            }
            Assert.Fail(p.HasExited
                ? $"makedumpfile ended (exit {p.ExitCode}) before a partial file of 4 MiB appeared: {err.Result}"
                : "no partial file of 4 MiB appeared in 5 minutes");
            return "";
        }

        private static void Send(string signal, Process p)
        {
            using Process kill = Process.Start("kill", $"-{signal} {p.Id}")!;
            kill.WaitForExit();
        }

        [Fact]
        public void A_partial_file_of_a_dead_run_is_removed_by_the_next_and_dump_files_are_0600()
        {
            using var s = new Scratch();
            // A pid no process has: one of a process that has ended.
            int dead;
            using (Process t = Process.Start("true")!) { t.WaitForExit(); dead = t.Id; }
            string boot = PartialFiles.BootTag;
            string otherBoot = boot == "0badb007" ? "0badb008" : "0badb007";
            string stale = s.File($".out.partial-{dead}-{boot}-0123abcd");
            string live = s.File($".out.partial-{Environment.ProcessId}-{boot}-4567cdef");
            // A VM killed mid-write, booted again: its initramfs starts the same processes in the
            // same order, so the dead writer's pid can be a live one of the new boot (here: ours).
            string earlierBoot = s.File($".out.partial-{Environment.ProcessId}-{otherBoot}-89abcdef");
            File.WriteAllText(stale, "left by a killed run");
            File.WriteAllText(live, "a run still going");
            File.WriteAllText(earlierBoot, "left by a run of an earlier boot");
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 31 -l --message-level 7 \"{Fixtures.Ours612Elf}\" \"{s.File("out")}\""), "makedumpfile");
            Assert.False(File.Exists(stale), "the stale partial file is still there");
            Assert.False(File.Exists(earlierBoot), "the partial file of an earlier boot is still there");
            Assert.True(File.Exists(live), "the partial file of a live process was removed");
            Assert.Contains("left by an interrupted run", r.Stdout + r.Stderr);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(s.File("out")));
        }
    }
}
