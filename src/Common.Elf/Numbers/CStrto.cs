namespace Common.Numbers
{
    /// <summary>
    /// C's strtoul and strtol with an explicit base (10 or 16), for formats whose readers take
    /// numbers with them and then look at what is left (makedumpfile's VMCOREINFO reader checks
    /// that nothing follows). As glibc: leading white space and one sign are skipped, base 16
    /// skips a "0x" that a hex digit follows, a value out of range gives ULONG_MAX (strtoul) or
    /// LONG_MAX/LONG_MIN (strtol), and no digits at all give 0 with nothing consumed.
    /// </summary>
    public static class CStrto
    {
        /// <summary>strtoul(TEXT, &amp;end, RADIX); <paramref name="end"/> is the index of the first character not read.</summary>
        public static ulong Strtoul(string text, int radix, out int end)
        {
            ulong magnitude = Digits(text, radix, out end, out bool negative, out bool overflow);
            if (overflow) return ulong.MaxValue;
            return negative ? unchecked(0UL - magnitude) : magnitude;
        }

        /// <summary>strtol(TEXT, &amp;end, RADIX).</summary>
        public static long Strtol(string text, int radix, out int end)
        {
            ulong magnitude = Digits(text, radix, out end, out bool negative, out bool overflow);
            if (negative)
                return overflow || magnitude > 1UL << 63 ? long.MinValue : unchecked((long)(0UL - magnitude));
            return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
        }

        private static ulong Digits(string s, int radix, out int end, out bool negative, out bool overflow)
        {
            int i = 0;
            negative = false;
            overflow = false;
            while (i < s.Length && IsSpace(s[i])) i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                negative = s[i] == '-';
                i++;
            }
            if (radix == 16 && i + 2 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && (Digit(s[i + 2]) ?? 16) < 16)
                i += 2;
            int first = i;
            ulong value = 0;
            for (; i < s.Length; i++)
            {
                int d = Digit(s[i]) ?? radix;
                if (d >= radix) break;
                if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix) overflow = true;
                else value = value * (ulong)radix + (ulong)d;
            }
            end = i == first ? 0 : i;
            return i == first ? 0 : value;
        }

        private static int? Digit(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'z') return c - 'a' + 10;
            if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
            return null;
        }

        private static bool IsSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r');
    }
}
