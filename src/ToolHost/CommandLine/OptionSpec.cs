using System;

namespace ToolHost.CommandLine
{
    /// <summary>
    /// One option of a tool's table: its spellings, its argument, the help text --help prints,
    /// and how it compares with the C tool (docs/options-*.md and the man pages come from these).
    /// </summary>
    public sealed class OptionSpec
    {
        public OptionSpec(string key, char? shortName, string? longName, ArgumentKind argument, string help)
        {
            Key = key;
            Short = shortName;
            Long = longName;
            Argument = argument;
            Help = help;
        }

        /// <summary>The name the tool's code asks the parse result for.</summary>
        public string Key { get; }
        public char? Short { get; }
        public string? Long { get; }
        /// <summary>Other long spellings of the same option (kexec-tools' --ramdisk for --initrd).</summary>
        public string[] Aliases { get; set; } = Array.Empty<string>();
        public ArgumentKind Argument { get; }
        /// <summary>The argument's name in help ("FILE", "DL").</summary>
        public string? ArgumentName { get; set; }
        public string Help { get; }
        public Compatibility Compatibility { get; set; } = Compatibility.Same;
        /// <summary>What differs, or why the option does not apply (for NotApplicable: the one line the tool answers).</summary>
        public string? Note { get; set; }
        /// <summary>Heading of the help section the option is listed under ("" for the first).</summary>
        public string Section { get; set; } = "";
        /// <summary>Left out of --help (a spelling kept only for compatibility); still in the docs table.</summary>
        public bool Hidden { get; set; }

        /// <summary>"-d, --debug" as the help and the docs show it.</summary>
        public string Spelling
        {
            get
            {
                string arg = ArgumentName == null ? "" : Argument == ArgumentKind.Optional ? $"[={ArgumentName}]" : (Long != null ? "=" : " ") + ArgumentName;
                string s = Short != null ? "-" + Short : "";
                if (Long != null) s += (s.Length > 0 ? ", " : "") + "--" + Long;
                foreach (string a in Aliases) s += ", --" + a;
                if (Long == null && ArgumentName != null) arg = Argument == ArgumentKind.Optional ? ArgumentName : " " + ArgumentName;
                return s + arg;
            }
        }
    }
}
