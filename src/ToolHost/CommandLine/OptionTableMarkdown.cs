using System.Text;

namespace ToolHost.CommandLine
{
    /// <summary>
    /// The docs table of a tool's options against its C tool (docs/options-*.md): the spelling,
    /// same / different / not applicable / ours only, and the note. A test keeps the file equal
    /// to this output, and another that the C tool's own options are all in the table.
    /// </summary>
    public static class OptionTableMarkdown
    {
        public static string Format(OptionTable table, string title, string intro)
        {
            var s = new StringBuilder();
            s.Append("# ").Append(title).Append("\n\n").Append(intro.TrimEnd()).Append("\n\n");
            s.Append("| option | vs ").Append(table.ComparedWith).Append(" | what it does; what differs |\n|---|---|---|\n");
            foreach (OptionSpec o in table.Options)
            {
                string what = o.Help.Replace("\n", " ").Replace("  ", " ");
                if (o.Note != null) what += " **" + (o.Compatibility == Compatibility.NotApplicable ? "Answer" : "Difference") + ":** " + o.Note;
                s.Append("| `").Append(o.Spelling.Replace("|", "\\|")).Append("` | ").Append(Word(o.Compatibility)).Append(" | ")
                 .Append(what.Replace("|", "\\|")).Append(" |\n");
            }
            return s.ToString();
        }

        public static string Word(Compatibility c) => c switch
        {
            Compatibility.Same => "same",
            Compatibility.Different => "different",
            Compatibility.NotApplicable => "not applicable (one-line answer)",
            _ => "ours only",
        };
    }
}
