using System;
using System.Diagnostics;
using System.IO;

namespace KRestore.Output
{
    /// <summary>
    /// --message-level bits as makedumpfile uses them (print_info.h): 1 progress, 2 common
    /// messages (the summary), 4 errors, 8 debug, 16 report. Progress is drawn on standard error
    /// only when it is a terminal, at most once a second, as "STEP : [ 42.0 %]".
    /// </summary>
    internal sealed class Messages
    {
        public const int ProgressBit = 0x01;
        public const int CommonBit = 0x02;
        public const int ErrorBit = 0x04;
        public const int DebugBit = 0x08;
        public const int ReportBit = 0x10;
        public const int DefaultLevel = 7;

        private readonly int _level;
        private readonly bool _terminal;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastTick = -1000;
        private string? _lastStep;
        private readonly object _gate = new object();

        public Messages(int level, TextWriter output, TextWriter error, bool errorIsTerminal)
        {
            _level = level;
            Out = output;
            Error = error;
            _terminal = errorIsTerminal;
        }

        public TextWriter Out { get; }
        public TextWriter Error { get; }
        public bool Has(int bit) => (_level & bit) != 0;

        public void Info(string line) { if (Has(CommonBit)) Out.WriteLine(line); }
        public void Debug(string line) { if (Has(DebugBit)) Error.WriteLine("krestore: " + line); }
        public void Warning(string line) { if (Has(ErrorBit)) Error.WriteLine("krestore: warning: " + line); }
        public void ErrorLine(string line) { if (Has(ErrorBit)) Error.WriteLine("krestore: " + line); }

        public void Progress(string step, ulong current, ulong total)
        {
            if (!Has(ProgressBit) || !_terminal) return;
            lock (_gate)
            {
                long now = _clock.ElapsedMilliseconds;
                bool final = current >= total;
                if (final && _lastStep == step + "/done") return;
                if (!final && now - _lastTick < 1000 && _lastStep == step) return;
                _lastTick = now;
                _lastStep = final ? step + "/done" : step;
                ulong permille = total == 0 ? 1000 : Math.Min(1000, current * 1000 / total);
                Error.Write($"\r{step,-16}: [{permille / 10,3}.{permille % 10} %]");
                if (final) Error.WriteLine();
                Error.Flush();
            }
        }
    }
}
