using System;
using System.Collections.Generic;
using System.Linq;

namespace ToolHost.CommandLine
{
    /// <summary>
    /// GNU getopt_long as kexec-tools and makedumpfile use it (glibc posix/getopt.c behaviour):
    /// options and operands may be mixed (the arguments are permuted), "--" ends the options,
    /// "-" is an operand, short options bundle ("-lc", "-d31", "-d 31"), a long option is
    /// "--name=value" or "--name value" (optional arguments only with "="), and a long name may be
    /// abbreviated to any unique prefix; an exact name always wins over a longer one it prefixes.
    /// Anything else that starts with "-" is an error, never an operand.
    /// </summary>
    public static class GetOptLong
    {
        public static ParsedCommandLine Parse(IReadOnlyList<string> args, OptionTable table)
        {
            var result = new ParsedCommandLine();
            for (int i = 0; i < args.Count; i++)
            {
                string a = args[i];
                if (a == "--")
                {
                    for (i++; i < args.Count; i++) result.Operands.Add(args[i]);
                    break;
                }
                if (a.StartsWith("--", StringComparison.Ordinal))
                    i = ParseLong(args, i, table, result);
                else if (a.Length > 1 && a[0] == '-')
                    i = ParseShorts(args, i, table, result);
                else
                    result.Operands.Add(a);
            }
            return result;
        }

        private static int ParseLong(IReadOnlyList<string> args, int i, OptionTable table, ParsedCommandLine result)
        {
            string body = args[i].Substring(2);
            int eq = body.IndexOf('=');
            string name = eq < 0 ? body : body.Substring(0, eq);
            string? value = eq < 0 ? null : body.Substring(eq + 1);
            OptionSpec spec = MatchLong(name, table);
            string spelled = "--" + name;
            switch (spec.Argument)
            {
                case ArgumentKind.None:
                    if (value != null) throw new UsageException($"option '--{spec.Long ?? name}' doesn't allow an argument");
                    break;
                case ArgumentKind.Required:
                    if (value == null)
                    {
                        if (i + 1 >= args.Count) throw new UsageException($"option '--{spec.Long ?? name}' requires an argument");
                        value = args[++i];
                    }
                    break;
            }
            result.Occurrences.Add(new ParsedCommandLine.Occurrence(spec, value, spelled));
            return i;
        }

        private static OptionSpec MatchLong(string name, OptionTable table)
        {
            var entries = table.LongEntries().ToList();
            foreach (var e in entries)
                if (e.Key == name) return e.Value;
            var candidates = entries.Where(e => name.Length > 0 && e.Key.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (candidates.Count == 0) throw new UsageException($"unrecognized option '--{name}'");
            // getopt_long: prefixes of several names are ambiguous unless they all name one option.
            if (candidates.Select(c => c.Value).Distinct().Count() > 1)
                throw new UsageException($"option '--{name}' is ambiguous; possibilities: " + string.Join(" ", candidates.Select(c => "'--" + c.Key + "'")));
            return candidates[0].Value;
        }

        private static int ParseShorts(IReadOnlyList<string> args, int i, OptionTable table, ParsedCommandLine result)
        {
            string a = args[i];
            for (int j = 1; j < a.Length; j++)
            {
                char c = a[j];
                OptionSpec spec = table.FindShort(c) ?? throw new UsageException($"invalid option -- '{c}'");
                string? value = null;
                if (spec.Argument != ArgumentKind.None)
                {
                    string rest = a.Substring(j + 1);
                    if (rest.Length > 0) value = rest;
                    else if (spec.Argument == ArgumentKind.Required)
                    {
                        if (i + 1 >= args.Count) throw new UsageException($"option requires an argument -- '{c}'");
                        value = args[++i];
                    }
                    result.Occurrences.Add(new ParsedCommandLine.Occurrence(spec, value, "-" + c));
                    return i;
                }
                result.Occurrences.Add(new ParsedCommandLine.Occurrence(spec, null, "-" + c));
            }
            return i;
        }
    }
}
