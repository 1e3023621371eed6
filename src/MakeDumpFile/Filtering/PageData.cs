using System;
using System.Runtime.InteropServices;

namespace MakeDumpFile.Filtering
{
    internal static class PageData
    {
        /// <summary>True when every byte of the page is zero (makedumpfile's is_zero_page()).</summary>
        public static bool IsZero(ReadOnlySpan<byte> page)
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
