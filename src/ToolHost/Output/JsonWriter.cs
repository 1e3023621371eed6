using System.Globalization;
using System.Text;

namespace ToolHost.Output
{
    /// <summary>
    /// The one JSON writer of the tools (RFC 8259): kexec's --json plan, krestore's --json
    /// summary. No reflection, so it works under NativeAOT and on net472 alike. The caller nests
    /// objects/arrays correctly; commas are automatic.
    /// </summary>
    public sealed class JsonWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private bool _needComma;

        public JsonWriter BeginObject(string? name = null) => Open(name, '{');
        public JsonWriter EndObject() => Close('}');
        public JsonWriter BeginArray(string? name = null) => Open(name, '[');
        public JsonWriter EndArray() => Close(']');

        public JsonWriter Property(string name, string? value)
        {
            Name(name);
            if (value == null) _sb.Append("null");
            else WriteString(value);
            _needComma = true;
            return this;
        }

        public JsonWriter Property(string name, ulong value)
        {
            Name(name);
            _sb.Append(value.ToString(CultureInfo.InvariantCulture));
            _needComma = true;
            return this;
        }

        /// <summary>A number, or null when there is none.</summary>
        public JsonWriter Property(string name, long? value)
        {
            Name(name);
            _sb.Append(value.HasValue ? value.Value.ToString(CultureInfo.InvariantCulture) : "null");
            _needComma = true;
            return this;
        }

        /// <summary>A number written with a .NET format string ("F3": three decimals).</summary>
        public JsonWriter Property(string name, double value, string format)
        {
            Name(name);
            _sb.Append(value.ToString(format, CultureInfo.InvariantCulture));
            _needComma = true;
            return this;
        }

        /// <summary>true, false, or null when unknown.</summary>
        public JsonWriter Property(string name, bool? value)
        {
            Name(name);
            _sb.Append(value.HasValue ? (value.Value ? "true" : "false") : "null");
            _needComma = true;
            return this;
        }

        public JsonWriter Property(string name, bool value)
        {
            Name(name);
            _sb.Append(value ? "true" : "false");
            _needComma = true;
            return this;
        }

        public JsonWriter Value(string value)
        {
            Comma();
            WriteString(value);
            _needComma = true;
            return this;
        }

        public override string ToString() => _sb.ToString();

        private JsonWriter Open(string? name, char c)
        {
            if (name != null) Name(name);
            else Comma();
            _sb.Append(c);
            _needComma = false;
            return this;
        }

        private JsonWriter Close(char c)
        {
            _sb.Append(c);
            _needComma = true;
            return this;
        }

        private void Comma()
        {
            if (_needComma) _sb.Append(',');
        }

        private void Name(string name)
        {
            Comma();
            WriteString(name);
            _sb.Append(':');
            _needComma = false;
        }

        private void WriteString(string s)
        {
            _sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': _sb.Append("\\\""); break;
                    case '\\': _sb.Append("\\\\"); break;
                    case '\n': _sb.Append("\\n"); break;
                    case '\r': _sb.Append("\\r"); break;
                    case '\t': _sb.Append("\\t"); break;
                    default:
                        if (c < 0x20) _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else _sb.Append(c);
                        break;
                }
            }
            _sb.Append('"');
        }
    }
}
