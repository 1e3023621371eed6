using System;
using System.Collections.Generic;
using System.Linq;

namespace ToolHost.CommandLine
{
    /// <summary>
    /// One tool's options: the parser, --help, docs/options-*.md and the man pages all read this
    /// table, so a spelling, a default or a difference from the C tool is written once.
    /// </summary>
    public sealed class OptionTable
    {
        private readonly List<OptionSpec> _options = new List<OptionSpec>();

        public OptionTable(string tool, string comparedWith)
        {
            Tool = tool;
            ComparedWith = comparedWith;
        }

        /// <summary>The tool's name as it prints it in messages ("kexec").</summary>
        public string Tool { get; }
        /// <summary>The C tool and version the Compatibility column is about ("kexec-tools 2.0.25").</summary>
        public string ComparedWith { get; }
        public IReadOnlyList<OptionSpec> Options => _options;

        public OptionSpec Add(OptionSpec spec)
        {
            foreach (OptionSpec o in _options)
            {
                if (o.Key == spec.Key) throw new ArgumentException($"option key {spec.Key} twice");
                if (spec.Short != null && o.Short == spec.Short) throw new ArgumentException($"-{spec.Short} twice");
                foreach (string name in LongNames(spec))
                    if (LongNames(o).Contains(name)) throw new ArgumentException($"--{name} twice");
            }
            _options.Add(spec);
            return spec;
        }

        public OptionSpec this[string key] => _options.FirstOrDefault(o => o.Key == key) ?? throw new ArgumentException($"no option {key}");

        public OptionSpec? FindShort(char c) => _options.FirstOrDefault(o => o.Short == c);

        internal static IEnumerable<string> LongNames(OptionSpec o)
        {
            if (o.Long != null) yield return o.Long;
            foreach (string a in o.Aliases) yield return a;
        }

        /// <summary>Every (long name, option) pair, for getopt_long's exact and abbreviated matching.</summary>
        internal IEnumerable<KeyValuePair<string, OptionSpec>> LongEntries() =>
            _options.SelectMany(o => LongNames(o).Select(n => new KeyValuePair<string, OptionSpec>(n, o)));
    }
}
