using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
#if NET6_0_OR_GREATER
using System.Runtime.InteropServices;
#endif
using Common.Numbers;

namespace Common.DumpFormats.Output
{
    /// <summary>
    /// Files a run writes that must not outlive it (a dump under its temporary name, krestore's
    /// rebuilt flattened image). SIGINT, SIGTERM and SIGHUP remove them, print one line and end
    /// the process with 128 + the signal's number, as a shell reports a death by that signal.
    /// Their names carry the writer's process id and boot (<see cref="WriterTag"/>), so a run
    /// after one that could not clean up (SIGKILL, a power cut, a VM killed, or Mono, which has
    /// no signal hook here) removes them and says so, even when the writer died in an earlier
    /// boot whose process ids the new boot hands out again (a scripted initramfs starts the same
    /// processes in the same order each time).
    /// </summary>
    public static class PartialFiles
    {
        private static readonly object Gate = new object();
        private static readonly HashSet<string> Live = new HashSet<string>(StringComparer.Ordinal);
        private static bool _exiting;
#if NET6_0_OR_GREATER
        private static readonly List<PosixSignalRegistration> Handlers = new List<PosixSignalRegistration>();
#endif

        /// <summary>This process's id, as it appears in the names of its partial files.</summary>
        public static int ProcessId { get; } = Process.GetCurrentProcess().Id;

        /// <summary>The boot this process runs in: the first 8 hex digits of the kernel's random boot id.</summary>
        public static string BootTag { get; } = ReadBootTag();

        /// <summary>"PID-BOOT": who wrote a partial file, as its name carries it.</summary>
        public static string WriterTag => ProcessId + "-" + BootTag;

        /// <summary>The regular expression of <see cref="WriterTag"/>, capturing "pid" and "boot".</summary>
        public const string WriterTagPattern = "(?<pid>[0-9]+)-(?<boot>[0-9a-f]{8})";

        /// <summary>The tool name that starts the line printed when a signal removes files.</summary>
        public static string ToolName { get; set; } = "dump";

        /// <summary>Removes <paramref name="path"/> if a signal ends the process before <see cref="Release"/>.</summary>
        public static void Track(string path)
        {
            lock (Gate)
            {
                Live.Add(path);
                InstallHandlers();
            }
        }

        /// <summary>The file is finished (or already removed): a signal leaves it alone.</summary>
        public static void Release(string path)
        {
            lock (Gate) Live.Remove(path);
        }

        /// <summary>
        /// Runs <paramref name="publish"/> (the rename to the final name) so that a signal either
        /// comes before it and removes the temporary file, or after it and finds nothing to remove.
        /// </summary>
        public static void Publish(string path, Action publish)
        {
            lock (Gate)
            {
                // A signal is removing the files and ending the process: the rename must not happen.
                if (_exiting) throw new IOException($"{path}: interrupted");
                publish();
                Live.Remove(path);
            }
        }

        /// <summary>
        /// Removes files in <paramref name="folder"/> whose names match <paramref name="pattern"/>
        /// (which captures the writer's <see cref="WriterTagPattern"/>) and whose writer is gone:
        /// it ran in another boot, or its process has ended.
        /// Returns the names removed.
        /// </summary>
        public static IReadOnlyList<string> RemoveStale(string folder, Regex pattern)
        {
            var removed = new List<string>();
            string[] names;
            try { names = Directory.GetFiles(folder); }
            catch (IOException) { return removed; }
            catch (UnauthorizedAccessException) { return removed; }
            foreach (string file in names)
            {
                Match m = pattern.Match(Path.GetFileName(file));
                if (!m.Success || !NumberParser.TryParseDecimal(m.Groups["pid"].Value, out int pid)) continue;
                bool thisBoot = m.Groups["boot"].Value == BootTag;
                if (thisBoot && (pid == ProcessId || Directory.Exists("/proc/" + pid))) continue;
                try
                {
                    File.Delete(file);
                    removed.Add(file);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            return removed;
        }

        // proc(5): /proc/sys/kernel/random/boot_id, a random UUID made anew at each boot. Without
        // it (no procfs) every file looks like this boot's and only the process id decides.
        private static string ReadBootTag()
        {
            try
            {
                string id = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim().Replace("-", "");
                if (Regex.IsMatch(id, "^[0-9a-f]{8}")) return id.Substring(0, 8);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return "00000000";
        }

        private static void InstallHandlers()
        {
#if NET6_0_OR_GREATER
            if (Handlers.Count > 0) return;
            foreach (PosixSignal s in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
                Handlers.Add(PosixSignalRegistration.Create(s, OnSignal));
#endif
        }

#if NET6_0_OR_GREATER
        private static void OnSignal(PosixSignalContext context)
        {
            // Signal numbers of x86 Linux (asm-generic/signal.h); PosixSignal's own values are negative.
            int number = context.Signal == PosixSignal.SIGINT ? 2 : context.Signal == PosixSignal.SIGTERM ? 15 : 1;
            // Held until the process ends: no rename can follow the removal.
            Monitor.Enter(Gate);
            _exiting = true;
            var gone = new List<string>();
            foreach (string path in Live)
            {
                try
                {
                    File.Delete(path);
                    gone.Add(Path.GetFileName(path));
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            Console.Error.WriteLine(gone.Count == 0
                ? $"{ToolName}: interrupted by {context.Signal}"
                : $"{ToolName}: interrupted by {context.Signal}: removed the unfinished {string.Join(", ", gone)}");
            Console.Error.Flush();
            Environment.Exit(128 + number);
        }
#endif
    }
}
