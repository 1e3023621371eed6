using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Bench.Qemu
{
    /// <summary>
    /// One QEMU guest under TCG (KVM does not work on the bench machines): serial console to
    /// a file, QMP on a UNIX socket, no reboot (a guest reboot or triple fault ends QEMU), and
    /// a hard timeout after which QEMU is killed.
    /// </summary>
    public sealed class QemuVm : IDisposable
    {
        private readonly Process _process;
        private readonly DateTime _deadline;
        private QmpClient? _qmp;

        private QemuVm(Process process, QemuOptions options, string workDir, string consolePath, string qmpPath)
        {
            _process = process;
            Options = options;
            WorkDir = workDir;
            ConsolePath = consolePath;
            QmpPath = qmpPath;
            _deadline = DateTime.UtcNow + options.Timeout;
            Marks = new MarkClock(consolePath, Clock);
        }

        public QemuOptions Options { get; }
        public string WorkDir { get; }
        public string ConsolePath { get; }
        public string QmpPath { get; }
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        /// <summary>When the host saw each mark (see <see cref="MarkClock"/>).</summary>
        public MarkClock Marks { get; }

        public static QemuVm Start(QemuOptions o, string workDir)
        {
            Directory.CreateDirectory(workDir);
            string console = Path.Combine(workDir, "console.log");
            string qmp = Path.Combine(workDir, "qmp.sock");
            File.Delete(qmp);
            var args = new List<string>
            {
                "-accel", "tcg", "-nodefaults", "-display", "none", "-no-reboot",
                "-m", o.MemoryMiB + "M", "-smp", o.Cpus.ToString(),
                "-serial", "file:" + console,
                "-qmp", $"unix:{qmp},server=on,wait=off",
                "-kernel", o.Kernel, "-append", o.Append,
            };
            if (o.Initrd != null) { args.Add("-initrd"); args.Add(o.Initrd); }
            if (o.VmcoreInfoDevice) { args.Add("-device"); args.Add("vmcoreinfo"); }
            if (o.Disk != null) { args.Add("-drive"); args.Add($"file={o.Disk},if=virtio,format=raw" + (o.DiskSnapshot ? ",snapshot=on" : "")); }
            args.AddRange(o.ExtraArgs);
            File.WriteAllText(Path.Combine(workDir, "qemu-command.txt"),
                "qemu-system-" + o.Arch + " " + string.Join(" ", args.ConvertAll(a => a.Contains(' ') ? "'" + a + "'" : a)) + "\n");

            var psi = new ProcessStartInfo("qemu-system-" + o.Arch)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (string a in args) psi.ArgumentList.Add(a);
            var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start qemu-system-" + o.Arch);
            string stderrPath = Path.Combine(workDir, "qemu-stderr.log");
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (p) File.AppendAllText(stderrPath, e.Data + "\n"); };
            p.OutputDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            p.BeginOutputReadLine();
            return new QemuVm(p, o, workDir, console, qmp);
        }

        public bool HasExited => _process.HasExited;

        public string ReadConsole() => File.Exists(ConsolePath) ? ReadShared(ConsolePath) : "";

        public ConsoleLog Log => new(ReadConsole());

        /// <summary>Waits until the console holds a line matching <paramref name="predicate"/>, the VM exits, or the timeout.</summary>
        public ConsoleLog WaitFor(Func<ConsoleLog, bool> predicate, string what)
        {
            while (true)
            {
                var log = Log;
                if (predicate(log)) return log;
                if (_process.HasExited)
                    throw new BenchException($"the VM stopped before {what}. Console tail:\n{log.Tail(80)}{StderrTail()}");
                if (DateTime.UtcNow > _deadline)
                {
                    Kill();
                    throw new BenchException($"timeout ({Options.Timeout.TotalSeconds:0} s) waiting for {what}. Console tail:\n{log.Tail(80)}");
                }
                Thread.Sleep(100);
            }
        }

        public ConsoleLog WaitForMark(string mark) => WaitFor(l => l.Marks.Contains(mark), $"mark '{mark}'");

        /// <summary>Waits for QEMU to exit on its own (the guest rebooted or powered off).</summary>
        public ConsoleLog WaitForExit()
        {
            TimeSpan left = _deadline - DateTime.UtcNow;
            if (left < TimeSpan.Zero || !_process.WaitForExit((int)left.TotalMilliseconds))
            {
                Kill();
                var log = Log;
                throw new BenchException($"timeout ({Options.Timeout.TotalSeconds:0} s): the VM did not stop. Console tail:\n{log.Tail(80)}");
            }
            _process.WaitForExit();
            Marks.Dispose();
            var final = Log;
            final.MarkTimes = Marks.Times;
            return final;
        }

        public QmpClient Qmp => _qmp ??= QmpClient.Connect(QmpPath, TimeSpan.FromSeconds(20));

        public void Kill()
        {
            try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(5000);
        }

        private string StderrTail()
        {
            string p = Path.Combine(WorkDir, "qemu-stderr.log");
            return File.Exists(p) ? "\nQEMU stderr:\n" + ReadShared(p) : "";
        }

        private static string ReadShared(string path)
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var r = new StreamReader(fs);
            return r.ReadToEnd();
        }

        public void Dispose()
        {
            _qmp?.Dispose();
            Kill();
            Marks.Dispose();
            _process.Dispose();
        }
    }
}
