using Common.Numbers;
using Xunit;

namespace Common.Elf.Tests
{
    public class NumberParserTests
    {
        [Theory]
        [InlineData("0x1000", 0x1000UL)]
        [InlineData("4096", 4096UL)]
        [InlineData("010", 8UL)]
        [InlineData("0", 0UL)]
        public void NumbersAsStrtoullBaseZeroReadsThem(string text, ulong value)
        {
            Assert.True(NumberParser.TryParse(text, out ulong v));
            Assert.Equal(value, v);
        }

        [Theory]
        [InlineData("0x")]
        [InlineData("09")]
        [InlineData("12g")]
        [InlineData("0x1ffffffffffffffff")]
        public void NotNumbers(string text) => Assert.False(NumberParser.TryParse(text, out _));

        [Fact]
        public void SizesTakeMemparseSuffixes()
        {
            Assert.True(NumberParser.TryParseSize("64M", out ulong v));
            Assert.Equal(64UL << 20, v);
            Assert.True(NumberParser.TryParseSize("0x10k", out v));
            Assert.Equal(16UL << 10, v);
        }

        [Theory]
        [InlineData("16E")]      // 2^64: past ulong
        [InlineData("1X")]
        [InlineData("K")]
        [InlineData("")]
        public void NotSizes(string text) => Assert.False(NumberParser.TryParseSize(text, out _));

        /// <summary>The one hex reader of sysfs, /proc/iomem, VMCOREINFO and kexec_jump_back_entry=: 0x optional.</summary>
        [Theory]
        [InlineData("0x41000f2", 0x41000f2UL)]
        [InlineData("41000f2", 0x41000f2UL)]
        [InlineData("FFFFFFFFFFFFFFFF", ulong.MaxValue)]
        [InlineData(" 0X10 ", 0x10UL)]
        public void HexWithOrWithout0x(string text, ulong value)
        {
            Assert.True(NumberParser.TryParseHex(text, out ulong v));
            Assert.Equal(value, v);
        }

        [Theory]
        [InlineData("")]
        [InlineData("0x")]
        [InlineData("-1")]
        [InlineData("+10")]
        [InlineData("10000000000000000")]
        [InlineData("12g")]
        public void NotHex(string text) => Assert.False(NumberParser.TryParseHex(text, out _));
    }
}
