using System;
using System.Runtime.InteropServices;

namespace Common.DumpFormats
{
    /// <summary>
    /// Pages of zero bytes, which makedumpfile leaves out at dump level bit 0 and a kdump file
    /// stores once for all (is_zero_page() in makedumpfile.c); krestore counts them when it checks an image.
    /// </summary>
    public static class ZeroPage
    {
        /// <summary>True when every byte is zero; any length, read a word at a time.</summary>
        public static bool Is(ReadOnlySpan<byte> page)
        {
            ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(page);
            for (int i = 0; i < words.Length; i++)
                if (words[i] != 0) return false;
            for (int i = words.Length * 8; i < page.Length; i++)
                if (page[i] != 0) return false;
            return true;
        }
    }
}
