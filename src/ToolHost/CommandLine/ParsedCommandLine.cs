using System.Collections.Generic;
using System.Linq;

namespace ToolHost.CommandLine
{
    /// <summary>What getopt_long saw: the options in the order given, and the operands.</summary>
    public sealed class ParsedCommandLine
    {
        public sealed class Occurrence
        {
            public Occurrence(OptionSpec option, string? value, string spelled)
            {
                Option = option;
                Value = value;
                Spelled = spelled;
            }

            public OptionSpec Option { get; }
            public string? Value { get; }
            /// <summary>How the user wrote it ("--app", "-d"), for messages.</summary>
            public string Spelled { get; }
        }

        public List<Occurrence> Occurrences { get; } = new List<Occurrence>();
        public List<string> Operands { get; } = new List<string>();

        public bool Has(string key) => Occurrences.Any(o => o.Option.Key == key);

        public int Count(string key) => Occurrences.Count(o => o.Option.Key == key);

        /// <summary>The value of the last occurrence: as in the C tools, a repeated option's last value wins.</summary>
        public string? Last(string key) => Occurrences.LastOrDefault(o => o.Option.Key == key)?.Value;

        public IEnumerable<string?> All(string key) => Occurrences.Where(o => o.Option.Key == key).Select(o => o.Value);

        /// <summary>The first option of those given that the table marks with the key set, for "X cannot be combined with Y".</summary>
        public Occurrence? FirstOf(params string[] keys) => Occurrences.FirstOrDefault(o => keys.Contains(o.Option.Key));
    }
}
