using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>The numbers of a makedumpfile report (--message-level 16), by label.</summary>
    internal static class ReportCounts
    {
        public static readonly string[] Labels =
        {
            "Original pages", "Excluded pages", "Pages filled with zero", "Non-private cache pages", "Private cache pages",
            "User process data pages", "Free pages", "Hwpoison pages", "Offline pages", "Remaining pages", "Memory Hole", "Total pages",
        };

        public static Dictionary<string, ulong> Parse(string text)
        {
            var d = new Dictionary<string, ulong>();
            foreach (Match m in Regex.Matches(text, @"^\s*([A-Za-z][A-Za-z \-]*?)\s*:\s*0x([0-9a-f]{16})\s*$", RegexOptions.Multiline))
            {
                string label = m.Groups[1].Value.Trim();
                ulong v = ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber);
                if (!d.ContainsKey(label)) d[label] = v;
                else if (label == "in ELF format") d["in ELF format (remaining)"] = v;
            }
            foreach (string l in new[] { "Original pages", "Remaining pages", "Total pages" })
                Assert.True(d.ContainsKey(l), $"no '{l}' in report:\n{text}");
            return d;
        }

        /// <summary>Asserts both reports give the same numbers under the same labels ("in ELF format" included).</summary>
        public static void AssertSame(string expectedReport, string actualReport, string what)
        {
            Dictionary<string, ulong> e = Parse(expectedReport), a = Parse(actualReport);
            foreach (KeyValuePair<string, ulong> kv in e)
            {
                Assert.True(a.ContainsKey(kv.Key), $"{what}: no '{kv.Key}' in our report");
                Assert.True(kv.Value == a[kv.Key], $"{what}: {kv.Key} is 0x{kv.Value:x} in the expected report, 0x{a[kv.Key]:x} in ours");
            }
            Assert.True(e.Count == a.Count, $"{what}: {e.Count} numbers expected, ours has {a.Count}");
        }
    }
}
