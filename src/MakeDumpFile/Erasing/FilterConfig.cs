using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace MakeDumpFile.Erasing
{
    /// <summary>One erase command: what to erase and how much (makedumpfile.conf(5), "erase command").</summary>
    internal sealed class EraseCommand
    {
        public EraseCommand(string expression, int line) { Expression = expression; Line = line; }

        /// <summary>SYMBOL[.member...], as written: the text the erase information repeats.</summary>
        public string Expression { get; }
        public int Line { get; }
        public bool Nullify { get; set; }
        /// <summary>"size N[K|M]".</summary>
        public long? SizeValue { get; set; }
        /// <summary>"size SYMBOL[.member...]": an integer variable holding the size.</summary>
        public string? SizeExpression { get; set; }
    }

    /// <summary>A loop (makedumpfile.conf(5), "Loop construct"): its iteration variable, the LIST entry and the erase commands.</summary>
    internal sealed class EraseLoop
    {
        public EraseLoop(string variable, string list, int line) { Variable = variable; List = list; Line = line; }

        public string Variable { get; }
        public string List { get; }
        public int Line { get; }
        /// <summary>"via NEXT": the member linking the structures.</summary>
        public string? Via { get; set; }
        /// <summary>"within STRUCT[:MEMBER]": the structure embedding the list_head, and its member ("list" by default).</summary>
        public string? WithinStruct { get; set; }
        public string? WithinMember { get; set; }
        public List<EraseCommand> Commands { get; } = new List<EraseCommand>();
    }

    /// <summary>
    /// A filter file (--config) read as makedumpfile 1.7.2's get_config_token() reads it: '#' to
    /// the end of a line is a comment, tabs are spaces, tokens are separated by spaces and a
    /// command may span lines; "[NAME]" at the start of a line opens a section (vmlinux or a
    /// module). The first error ends the reading (1.7.2 then processes nothing more, and the dump
    /// goes on with the commands before it), so <see cref="Error"/> holds that one message.
    /// </summary>
    internal sealed class FilterConfig
    {
        private static readonly string[] Keywords = { "erase", "for", "in", "via", "within", "size", "nullify", "endfor" };

        /// <summary>The erase commands and loops of the vmlinux section, in file order.</summary>
        public List<object> Commands { get; } = new List<object>();
        /// <summary>Module sections skipped: this makedumpfile reads no module debug information.</summary>
        public List<string> SkippedModules { get; } = new List<string>();
        public string? Error { get; private set; }

        public static FilterConfig Read(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new Debuginfo.KernelDebugInfoException($"--config {path}: cannot open the filter config file: {ToolHost.Output.ErrorText.Reason(e)}");
            }
            if (text.Length > 16 << 20) throw new Debuginfo.KernelDebugInfoException($"--config {path}: more than 16 MiB: not a filter config file");
            return Parse(text);
        }

        public static FilterConfig Parse(string text)
        {
            var config = new FilterConfig();
            var tokens = new Tokens(text, config);
            try
            {
                while (tokens.Next() is (string token, int line))
                {
                    if (token == "erase") config.Commands.Add(ReadErase(tokens, line, null));
                    else if (token == "for") config.Commands.Add(ReadLoop(tokens, line));
                    else throw new FilterSyntaxException(line, $"Invalid token '{token}'.");
                }
            }
            catch (FilterSyntaxException e)
            {
                config.Error = $"Config error at {e.Line}: {e.Message}";
            }
            return config;
        }

        private static bool IsKeyword(string t) => Array.IndexOf(Keywords, t) >= 0;

        private static EraseCommand ReadErase(Tokens t, int line, EraseLoop? loop)
        {
            if (!(t.Next() is (string expr, int at)) || IsKeyword(expr))
                throw new FilterSyntaxException(line, "expected kernel symbol after 'erase' command.");
            if (loop != null && Head(expr) != loop.Variable)
                throw new FilterSyntaxException(at, $"unused iteration variable '{loop.Variable}'.");
            var c = new EraseCommand(expr, at);
            if (t.Accept("nullify")) c.Nullify = true;
            else if (t.Accept("size"))
            {
                if (!(t.Next() is (string size, int sl)) || IsKeyword(size))
                    throw new FilterSyntaxException(at, "expected size symbol after 'size' keyword.");
                if (char.IsDigit(size[0])) c.SizeValue = SizeValue(size);
                else c.SizeExpression = size;
            }
            return c;
        }

        /// <summary>strtoul(token, 10) and a K or M suffix (either case), as 1.7.2 reads a size.</summary>
        private static long SizeValue(string token)
        {
            int i = 0;
            long v = 0;
            while (i < token.Length && char.IsDigit(token[i]) && v < long.MaxValue / 10) v = v * 10 + (token[i++] - '0');
            if (i < token.Length)
            {
                char s = token[i];
                if (s == 'M' || s == 'm') v = v * 1024 * 1024;
                else if (s == 'K' || s == 'k') v *= 1024;
            }
            return v;
        }

        private static EraseLoop ReadLoop(Tokens t, int line)
        {
            if (!(t.Next() is (string id, int idLine)) || IsKeyword(id))
                throw new FilterSyntaxException(line, "expected iteration VAR entry after 'for' keyword.");
            if (!t.Accept("in")) throw new FilterSyntaxException(idLine, "expected token 'in'.");
            if (!(t.Next() is (string list, int listLine)) || IsKeyword(list))
                throw new FilterSyntaxException(idLine, "expected list symbol after 'in' keyword.");
            var loop = new EraseLoop(id, list, listLine);
            if (t.Accept("via"))
            {
                if (!(t.Next() is (string next, _))) throw new FilterSyntaxException(listLine, "expected member name after 'via' keyword.");
                loop.Via = next;
            }
            else if (t.Accept("within"))
            {
                if (!(t.Next() is (string within, int wl)) || IsKeyword(within))
                    throw new FilterSyntaxException(listLine, "expected struct name after 'within' keyword.");
                int colon = within.IndexOf(':');
                if (colon >= 0)
                {
                    if (colon == within.Length - 1) throw new FilterSyntaxException(wl, "expected list_head member after ':'.");
                    loop.WithinMember = within.Substring(colon + 1);
                    within = within.Substring(0, colon);
                }
                if (within.Length == 0) throw new FilterSyntaxException(wl, "Invalid token found after 'within' keyword.");
                loop.WithinStruct = within;
            }
            while (true)
            {
                if (t.Accept("endfor")) return loop;
                if (!(t.Next() is (string token, int tl))) throw new FilterSyntaxException(t.Line, "No matching 'endfor' found.");
                if (token != "erase") throw new FilterSyntaxException(tl, $"Invalid token '{token}'.");
                loop.Commands.Add(ReadErase(t, tl, loop));
            }
        }

        public static string Head(string expression)
        {
            int dot = expression.IndexOf('.');
            return dot < 0 ? expression : expression.Substring(0, dot);
        }

        private sealed class FilterSyntaxException : Exception
        {
            public FilterSyntaxException(int line, string message) : base(message) { Line = line; }
            public int Line { get; }
        }

        /// <summary>The token stream of the vmlinux section(s); module sections are noted and skipped.</summary>
        private sealed class Tokens
        {
            private readonly string[] _lines;
            private readonly FilterConfig _config;
            private int _next;
            private readonly Queue<string> _pending = new Queue<string>();
            private string? _saved;
            private string _module = "vmlinux";

            public Tokens(string text, FilterConfig config)
            {
                _lines = text.Replace("\r\n", "\n").Split('\n');
                _config = config;
            }

            public int Line { get; private set; }

            public (string, int)? Next()
            {
                if (_saved != null)
                {
                    string s = _saved;
                    _saved = null;
                    return (s, Line);
                }
                while (_pending.Count == 0)
                {
                    if (_next >= _lines.Length) return null;
                    string raw = _lines[_next++];
                    Line = _next;
                    int hash = raw.IndexOf('#');
                    if (hash >= 0) raw = raw.Substring(0, hash);
                    raw = raw.Replace('\t', ' ');
                    if (raw.StartsWith("[", StringComparison.Ordinal))
                    {
                        int close = raw.IndexOf(']');
                        if (close < 0) throw new FilterSyntaxException(Line, "Invalid module section entry.");
                        _module = raw.Substring(1, close - 1);
                        if (_module != "vmlinux" && !_config.SkippedModules.Contains(_module)) _config.SkippedModules.Add(_module);
                        continue;
                    }
                    if (_module != "vmlinux") continue;
                    foreach (string tok in raw.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)) _pending.Enqueue(tok);
                }
                return (_pending.Dequeue(), Line);
            }

            /// <summary>Takes the next token when it is <paramref name="word"/>, else leaves it for <see cref="Next"/>.</summary>
            public bool Accept(string word)
            {
                if (!(Next() is (string t, _))) return false;
                if (t == word) return true;
                _saved = t;
                return false;
            }
        }
    }
}
