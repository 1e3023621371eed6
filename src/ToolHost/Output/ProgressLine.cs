using System;
using System.Diagnostics;
using System.IO;

namespace ToolHost.Output
{
    /// <summary>
    /// The progress line makedumpfile draws on a terminal (print_progress() in
    /// makedumpfile.c): "STEP : [ 42.0 %] /  eta: 1m5s", redrawn in place at most once a second,
    /// ended with a newline when the step completes. Nothing is drawn when standard error is not
    /// a terminal. Safe to call from several threads.
    /// </summary>
    public sealed class ProgressLine
    {
        private const string Spinner = "/|\\-";
        private readonly TextWriter _error;
        private readonly bool _terminal;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new object();
        private long _lastTick = -1000;
        private string? _step;
        private bool _stepDone;
        private long _stepStart;
        private int _spin;

        public ProgressLine(TextWriter error, bool terminal)
        {
            _error = error;
            _terminal = terminal;
        }

        public void Update(string step, ulong current, ulong total)
        {
            if (!_terminal) return;
            lock (_gate)
            {
                long now = _clock.ElapsedMilliseconds;
                bool final = current >= total;
                if (step != _step)
                {
                    _step = step;
                    _stepDone = false;
                    _stepStart = now;
                }
                else if (_stepDone || (!final && now - _lastTick < 1000))
                {
                    return;
                }
                _lastTick = now;
                _stepDone = final;
                ulong permille = total == 0 ? 1000 : Math.Min(1000, current * 1000 / total);
                string eta = " ";
                if (permille > 0 && !final)
                    eta = "eta: " + FormatEta((now - _stepStart) / 1000.0 * (1000 - permille) / permille);
                _error.Write($"\r{step,-27}: [{permille / 10,3}.{permille % 10} %] {Spinner[_spin++ % 4]}  {eta,16}");
                if (final) _error.WriteLine();
                _error.Flush();
            }
        }

        private static string FormatEta(double seconds)
        {
            long t = (long)seconds;
            if (t >= 86400) return $"{t / 86400}d{t % 86400 / 3600}h";
            if (t >= 3600) return $"{t / 3600}h{t % 3600 / 60}m";
            if (t >= 60) return $"{t / 60}m{t % 60}s";
            return $"{t}s";
        }
    }
}
