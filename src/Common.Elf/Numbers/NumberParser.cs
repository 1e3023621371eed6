using System;
using System.Globalization;

namespace Common.Numbers
{
    /// <summary>Numbers as C's strtoull(…, 0) reads them: 0x hex, leading 0 octal, else decimal.</summary>
    public static class NumberParser
    {
        public static bool TryParse(string? text, out ulong value)
        {
            value = 0;
            if (text == null) return false;
            string s = text.Trim();
            if (s.Length == 0) return false;
            try
            {
                if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                {
                    string digits = s.Substring(2);
                    return digits.Length > 0 && ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
                }
                if (s.Length > 1 && s[0] == '0')
                {
                    foreach (char c in s)
                        if (c < '0' || c > '7') return false;
                    value = Convert.ToUInt64(s, 8);
                    return true;
                }
                return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        /// <summary>Hex with or without "0x" (sysfs prints both styles).</summary>
        public static bool TryParseHex(string text, out ulong value)
        {
            string s = text.Trim();
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s.Substring(2);
            return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>
        /// Decimal digits only (no sign, space or 0x), as makedumpfile's options and the
        /// kernel's decimal fields are written; false past <paramref name="max"/>.
        /// </summary>
        public static bool TryParseDecimal(string? text, ulong max, out ulong value)
        {
            value = 0;
            return text != null && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
        }

        /// <summary>The same for an int field (a count, a level, a cpu number): 0 to int.MaxValue.</summary>
        public static bool TryParseDecimal(string? text, out int value)
        {
            bool ok = TryParseDecimal(text, int.MaxValue, out ulong v);
            value = ok ? (int)v : 0;
            return ok;
        }

        /// <summary>The kernel's memparse (lib/cmdline.c): a number with an optional K/M/G/T/P/E suffix.</summary>
        public static bool TryParseSize(string text, out ulong value)
        {
            value = 0;
            string s = text.Trim();
            if (s.Length == 0) return false;
            int shift = 0;
            switch (char.ToUpperInvariant(s[s.Length - 1]))
            {
                case 'K': shift = 10; break;
                case 'M': shift = 20; break;
                case 'G': shift = 30; break;
                case 'T': shift = 40; break;
                case 'P': shift = 50; break;
                case 'E': shift = 60; break;
            }
            if (shift != 0) s = s.Substring(0, s.Length - 1);
            if (!TryParse(s, out value)) return false;
            if (shift != 0 && value > ulong.MaxValue >> shift) return false;
            value <<= shift;
            return true;
        }
    }
}
