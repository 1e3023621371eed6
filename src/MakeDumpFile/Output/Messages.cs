using System.IO;
using ToolHost;
using ToolHost.Output;

namespace MakeDumpFile.Output
{
    /// <summary>
    /// Where makedumpfile's messages go, by its --message-level bits (MessageLevel). Common and
    /// report messages go to standard output unless
    /// the dump itself does (-F), then to standard error; progress and errors always to standard error.
    /// </summary>
    internal sealed class Messages
    {
        private readonly int _level;
        private readonly TextWriter _info;
        private readonly TextWriter _error;
        private readonly ProgressLine _progress;

        public Messages(int level, bool dumpOnStdout, ToolIO io)
        {
            _level = level;
            IO = io;
            _info = dumpOnStdout ? io.Err : io.Out;
            _error = io.Err;
            _progress = new ProgressLine(io.Err, io.ErrIsTerminal);
        }

        /// <summary>The streams this run has (standard input for -R, standard output for -F).</summary>
        public ToolIO IO { get; }

        /// <summary>Whether a run ends with "makedumpfile Completed." / "Failed." (not under --check-params).</summary>
        public bool ClosingLine { get; set; } = true;

        public bool Has(int bit) => (_level & bit) != 0;

        public void Info(string text) { if (Has(MessageLevel.Common)) _info.Write(text); }
        public void ReportText(string text) { if (Has(MessageLevel.Report)) _info.Write(text); }
        public void DebugText(string text) { if (Has(MessageLevel.Debug)) _info.Write(text); }
        public void ErrorLine(string text) { if (Has(MessageLevel.Error)) _error.WriteLine("makedumpfile: " + text); }

        /// <summary>The progress line makedumpfile draws on a terminal, at most once a second.</summary>
        public void ProgressStep(string step, ulong current, ulong total)
        {
            if (Has(MessageLevel.Progress)) _progress.Update(step, current, total);
        }
    }
}
