using System;
using System.IO;
using System.Linq;
using System.Text;

namespace ToolHost.CommandLine
{
    /// <summary>--help from the option table: the tool's usage text, then each section's options with their help.</summary>
    public static class HelpFormatter
    {
        private const int Column = 28;

        public static void Write(TextWriter w, OptionTable table, string header, string trailer = "")
        {
            var text = new StringBuilder(header);
            if (!header.EndsWith("\n", StringComparison.Ordinal)) text.Append('\n');
            foreach (string section in table.Options.Select(o => o.Section).Distinct())
            {
                text.Append('\n');
                if (section.Length > 0) text.Append(section).Append(":\n");
                foreach (OptionSpec o in table.Options.Where(o => o.Section == section && !o.Hidden))
                    AppendOption(text, o);
            }
            if (trailer.Length > 0) text.Append('\n').Append(trailer);
            if (text[text.Length - 1] != '\n') text.Append('\n');
            w.Write(text.ToString());
        }

        private static void AppendOption(StringBuilder text, OptionSpec o)
        {
            string spelling = o.Short == null ? "    " + o.Spelling : o.Spelling;
            string help = o.Help;
            if (o.Compatibility == Compatibility.NotApplicable && o.Note != null) help += "\n(" + o.Note + ")";
            string[] lines = help.Split('\n');
            string first = "  " + spelling;
            if (first.Length >= Column - 1)
            {
                text.Append(first).Append('\n');
                first = "";
            }
            text.Append(first.PadRight(Column)).Append(lines[0]).Append('\n');
            for (int i = 1; i < lines.Length; i++)
                text.Append(lines[i].Length == 0 ? "" : new string(' ', Column) + lines[i]).Append('\n');
        }
    }
}
