using System;
using System.Globalization;

namespace Kexec.Memory
{
    /// <summary>Numbers as C's strtoull(…, 0) reads them: 0x hex, leading 0 octal, else decimal.</summary>
    internal static class NumberParser
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

        public static bool TryParseHex(string text, out ulong value) =>
            ulong.TryParse(text.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
