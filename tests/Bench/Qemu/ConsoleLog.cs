using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Bench.Qemu
{
    /// <summary>
    /// What a guest reported on its serial console through the markers of Guest/lib.sh:
    /// steps with their output and exit status, marks, values, boots and the final status.
    /// </summary>
    public sealed class ConsoleLog
    {
        public sealed record Step(string Name, int? ExitCode, IReadOnlyList<string> Output)
        {
            public string Text => string.Join("\n", Output);
        }

        private static readonly Regex Marker = new(@"@@BENCH:(?<kind>[A-Z]+)\s?(?<rest>.*)$");

        public ConsoleLog(string text)
        {
            Text = text;
            var steps = new List<Step>();
            string? open = null;
            var output = new List<string>();
            foreach (string raw in text.Replace("\r", "").Split('\n'))
            {
                Match m = Marker.Match(raw);
                if (!m.Success)
                {
                    if (open != null) output.Add(raw);
                    continue;
                }
                if (m.Index > 0 && open != null) output.Add(raw.Substring(0, m.Index));
                string rest = m.Groups["rest"].Value.Trim();
                switch (m.Groups["kind"].Value)
                {
                    case "BEGIN":
                        if (open != null) steps.Add(new Step(open, null, output.ToList()));
                        open = rest; output.Clear();
                        break;
                    case "END":
                        // Kernel messages can land on the marker's line right after its rc (a panic
                        // the next command triggers: "... rc=0sysrq: Trigger a crash"), so the rc
                        // is the digits after " rc=" and whatever follows is not part of it.
                        var end = Regex.Match(rest, @"^(?<name>.*?) rc=(?<rc>-?\d+)");
                        string name = end.Success ? end.Groups["name"].Value : rest;
                        int? rc = end.Success ? int.Parse(end.Groups["rc"].Value) : null;
                        steps.Add(new Step(name, rc, output.ToList()));
                        open = null; output.Clear();
                        break;
                    case "MARK": Marks.Add(rest); break;
                    case "VALUE":
                        int eq = rest.IndexOf('=');
                        if (eq > 0) Values[rest.Substring(0, eq)] = rest.Substring(eq + 1);
                        break;
                    case "BOOTED": Boots.Add(rest); break;
                    case "DONE":
                        var d = Regex.Match(rest, @"rc=(-?\d+)");
                        if (d.Success) DoneExitCode = int.Parse(d.Groups[1].Value);
                        break;
                }
            }
            if (open != null) steps.Add(new Step(open, null, output.ToList()));
            Steps = steps;
        }

        public string Text { get; }
        public IReadOnlyList<Step> Steps { get; }
        public List<string> Marks { get; } = new();
        public Dictionary<string, string> Values { get; } = new();
        /// <summary>Host time (since QEMU started) at which each mark appeared; filled by <see cref="QemuVm.WaitForExit"/>.</summary>
        public IReadOnlyDictionary<string, TimeSpan> MarkTimes { get; set; } = new Dictionary<string, TimeSpan>();
        /// <summary>One entry per time a bench /init started (kernel release).</summary>
        public List<string> Boots { get; } = new();
        /// <summary>The scenario's exit status, or null when the guest never got there.</summary>
        public int? DoneExitCode { get; private set; }

        public Step GetStep(string name) =>
            Steps.LastOrDefault(s => s.Name == name)
            ?? throw new KeyNotFoundException($"the guest never ran step '{name}'. Console tail:\n{Tail(60)}");

        public IEnumerable<Step> AllSteps(string name) => Steps.Where(s => s.Name == name);

        public string Tail(int lines)
        {
            string[] all = Text.Replace("\r", "").Split('\n');
            return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
        }
    }
}
