using System;
using Common.DumpFormats;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    internal static class PageCompare
    {
        /// <summary>
        /// Asserts both images hold the same page frames below <paramref name="maxPfn"/> with the
        /// same bytes; returns how many pages were compared.
        /// </summary>
        public static ulong AssertSamePages(IPageSource expected, IPageSource actual, ulong maxPfn, string what, Func<ulong, bool>? onlyWhere = null)
        {
            int ps = expected.PageSize;
            Assert.Equal(ps, actual.PageSize);
            var a = new byte[ps];
            var b = new byte[ps];
            ulong compared = 0;
            for (ulong pfn = 0; pfn < maxPfn; pfn++)
            {
                if (onlyWhere != null && !onlyWhere(pfn)) continue;
                bool ea = expected.HasPage(pfn), eb = actual.HasPage(pfn);
                if (ea != eb) Assert.Fail($"{what}: pfn 0x{pfn:x} is {(ea ? "present" : "absent")} in the expected image but {(eb ? "present" : "absent")} in ours");
                if (!ea) continue;
                expected.ReadPage(pfn, a);
                actual.ReadPage(pfn, b);
                if (!a.AsSpan().SequenceEqual(b))
                    Assert.Fail($"{what}: pfn 0x{pfn:x} differs");
                compared++;
            }
            return compared;
        }
    }
}
