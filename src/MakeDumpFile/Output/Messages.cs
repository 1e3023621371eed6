using System;
using System.Diagnostics;
using System.IO;
using ToolHost;

namespace MakeDumpFile.Output
{
    /// <summary>
    /// makedumpfile's --message-level bits (print_info.h): 1 progress, 2 common messages,
    /// 4 errors, 8 debug, 16 report. Common and report messages go to standard output unless
    /// the dump itself does (-F), then to standard error; progress and errors always to standard error.
    /// </summary>
    internal sealed class Messages
    {
        public const int Progress = 0x01;
        public const int Common = 0x02;
        public const int Error = 0x04;
        public const int Debug = 0x08;
        public const int Report = 0x10;
        public const int DefaultLevel = 7;

        private readonly int _level;
        private readonly TextWriter _info;
        private readonly bool _terminal;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastTick = -1000;
        private int _spin;

        private readonly TextWriter _error;

        public Messages(int level, bool dumpOnStdout, ToolIO io)
        {
            _level = level;
            IO = io;
            _info = dumpOnStdout ? io.Err : io.Out;
            _error = io.Err;
            _terminal = io.ErrIsTerminal;
        }

        /// <summary>The streams this run has (standard input for -R, standard output for -F).</summary>
        public ToolIO IO { get; }

        /// <summary>Whether a run ends with "makedumpfile Completed." / "Failed." (not under --check-params).</summary>
        public bool ClosingLine { get; set; } = true;

        public bool Has(int bit) => (_level & bit) != 0;

        public void Info(string text) { if (Has(Common)) _info.Write(text); }
        public void ReportText(string text) { if (Has(Report)) _info.Write(text); }
        public void DebugText(string text) { if (Has(Debug)) _info.Write(text); }
        public void ErrorLine(string text) { if (Has(Error)) _error.WriteLine("makedumpfile: " + text); }

        /// <summary>The progress line makedumpfile draws on a terminal, at most once a second.</summary>
        public void ProgressStep(string step, ulong current, ulong total)
        {
            if (!Has(Progress) || !_terminal) return;
            long now = _clock.ElapsedMilliseconds;
            bool final = current >= total;
            if (!final && now - _lastTick < 1000) return;
            _lastTick = now;
            ulong permille = total == 0 ? 1000 : Math.Min(1000, current * 1000 / total);
            string eta = " ";
            if (permille > 0 && !final)
            {
                double secondsLeft = now / 1000.0 * (1000 - permille) / permille;
                eta = "eta: " + FormatEta(secondsLeft);
            }
            const string spinner = "/|\\-";
            _error.Write($"\r{step,-27}: [{permille / 10,3}.{permille % 10} %] {spinner[_spin++ % 4]}  {eta,16}");
            if (final) _error.WriteLine();
        }

        private static string FormatEta(double s)
        {
            long t = (long)s;
            if (t >= 86400) return $"{t / 86400}d{t % 86400 / 3600}h";
            if (t >= 3600) return $"{t / 3600}h{t % 3600 / 60}m";
            if (t >= 60) return $"{t / 60}m{t % 60}s";
            return $"{t}s";
        }
    }
}
