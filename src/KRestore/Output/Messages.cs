using System.IO;
using ToolHost.Output;

namespace KRestore.Output
{
    /// <summary>
    /// Where krestore's messages go, by makedumpfile's --message-level bits (MessageLevel):
    /// the summary to standard output, errors, warnings and debug lines to standard error with
    /// the tool's name, progress as makedumpfile draws it (ProgressLine).
    /// </summary>
    internal sealed class Messages
    {
        private readonly int _level;
        private readonly ProgressLine _progress;

        public Messages(int level, TextWriter output, TextWriter error, bool errorIsTerminal)
        {
            _level = level;
            Out = output;
            Error = error;
            _progress = new ProgressLine(error, errorIsTerminal);
        }

        public TextWriter Out { get; }
        public TextWriter Error { get; }
        public bool Has(int bit) => (_level & bit) != 0;

        public void Info(string line) { if (Has(MessageLevel.Common)) Out.WriteLine(line); }
        public void Debug(string line) { if (Has(MessageLevel.Debug)) Error.WriteLine("krestore: " + line); }
        public void Warning(string line) { if (Has(MessageLevel.Error)) Error.WriteLine("krestore: warning: " + line); }
        public void ErrorLine(string line) { if (Has(MessageLevel.Error)) Error.WriteLine("krestore: " + line); }

        public void Progress(string step, ulong current, ulong total)
        {
            if (Has(MessageLevel.Progress)) _progress.Update(step, current, total);
        }
    }
}
