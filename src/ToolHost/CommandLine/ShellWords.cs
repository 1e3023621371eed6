using System.Collections.Generic;
using System.Text;

namespace ToolHost.CommandLine
{
    /// <summary>
    /// Splits a command line written as one string (tests, the bench's guest scripts) into argv
    /// as a POSIX shell would for words, double and single quotes and backslashes; no expansions.
    /// </summary>
    public static class ShellWords
    {
        public static string[] Split(string line)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            bool inWord = false;
            char quote = '\0';
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                    else if (c == '\\' && quote == '"' && i + 1 < line.Length && (line[i + 1] == '"' || line[i + 1] == '\\')) word.Append(line[++i]);
                    else word.Append(c);
                    continue;
                }
                if (c == '"' || c == '\'') { quote = c; inWord = true; continue; }
                if (c == '\\' && i + 1 < line.Length) { word.Append(line[++i]); inWord = true; continue; }
                if (c == ' ' || c == '\t' || c == '\n')
                {
                    if (inWord) words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    continue;
                }
                word.Append(c);
                inWord = true;
            }
            if (inWord) words.Add(word.ToString());
            return words.ToArray();
        }
    }
}
