using Common.Numbers;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>CStrto against what glibc's strtoul/strtol return for the same text and base (value, characters read).</summary>
    public class CStrtoTests
    {
        [Theory]
        [InlineData("ffffffff82bfb000", 16, 0xffffffff82bfb000UL, 16)]
        [InlineData("0x1f", 16, 0x1fUL, 4)]
        [InlineData("0xg", 16, 0UL, 1)]
        [InlineData("  +12z", 16, 0x12UL, 5)]
        [InlineData("zz", 16, 0UL, 0)]
        [InlineData("", 16, 0UL, 0)]
        [InlineData("-1", 16, ulong.MaxValue, 2)]
        [InlineData("10000000000000000", 16, ulong.MaxValue, 17)]
        [InlineData("4096", 10, 4096UL, 4)]
        public void Strtoul(string text, int radix, ulong value, int end)
        {
            Assert.Equal(value, CStrto.Strtoul(text, radix, out int e));
            Assert.Equal(end, e);
        }

        [Theory]
        [InlineData("64", 10, 64L, 2)]
        [InlineData("0x40", 10, 0L, 1)]
        [InlineData("0x40", 16, 64L, 4)]
        [InlineData("-129", 10, -129L, 4)]
        [InlineData("64x", 10, 64L, 2)]
        [InlineData("9223372036854775808", 10, long.MaxValue, 19)]
        [InlineData("-9223372036854775809", 10, long.MinValue, 20)]
        [InlineData("-9223372036854775808", 10, long.MinValue, 20)]
        [InlineData("", 10, 0L, 0)]
        public void Strtol(string text, int radix, long value, int end)
        {
            Assert.Equal(value, CStrto.Strtol(text, radix, out int e));
            Assert.Equal(end, e);
        }
    }
}
