using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Common.DumpFormats;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// -i VMCOREINFO files made from a real vmcore's VMCOREINFO note: as the note says, and as
    /// makedumpfile -g would write it from the unrandomised vmlinux (every SYMBOL() without the
    /// note's KERNELOFFSET: makedumpfile adds the dump's KASLR offset to a file's symbols).
    /// </summary>
    internal static class VmcoreInfoFiles
    {
        public static string NoteText(string vmcore)
        {
            using IPageSource s = DumpInput.Open(vmcore);
            Assert.True(s.VmcoreInfo != null, $"{vmcore} has no VMCOREINFO note");
            return s.VmcoreInfo!.Text;
        }

        /// <summary>The note's text with the KASLR offset taken off every symbol, as -g writes the file.</summary>
        public static string AsGenerated(string vmcore)
        {
            string text = NoteText(vmcore);
            Match off = Regex.Match(text, @"^KERNELOFFSET=([0-9a-f]+)$", RegexOptions.Multiline);
            Assert.True(off.Success, $"{vmcore}'s VMCOREINFO has no KERNELOFFSET");
            ulong kaslr = ulong.Parse(off.Groups[1].Value, NumberStyles.HexNumber);
            Assert.True(kaslr != 0, $"{vmcore} was not randomised: these tests need a KASLR offset to take off");
            return Regex.Replace(text, @"^(SYMBOL\([^)]*\)=)([0-9a-f]+)$",
                m => m.Groups[1].Value + unchecked(ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber) - kaslr).ToString("x"),
                RegexOptions.Multiline);
        }

        /// <summary>The first LINES lines of TEXT.</summary>
        public static string Head(string text, int lines)
        {
            var sb = new StringBuilder();
            string[] all = text.Split('\n');
            for (int i = 0; i < Math.Min(lines, all.Length); i++) sb.Append(all[i]).Append('\n');
            return sb.ToString();
        }

        public static string Write(string path, string text)
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return path;
        }
    }
}
