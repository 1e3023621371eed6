using System.IO;
using ToolHost.Numbers;
using ToolHost.Output;
using Xunit;

namespace ToolHost.Tests
{
    public class NumberAndErrorTextTests
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

        [Fact]
        public void RuntimeSentencesBecomeStrerrorWords()
        {
            string missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + System.Guid.NewGuid().ToString("N"), "f");
            var e = Assert.ThrowsAny<IOException>(() => File.ReadAllBytes(missing));
            Assert.Equal($"{missing}: No such file or directory", ErrorText.Describe(e));
            Assert.DoesNotContain("Could not find", ErrorText.Describe(e));
            // Our own messages stay as they are.
            Assert.Equal("image x does not exist", ErrorText.Describe(new FileNotFoundException("image x does not exist")));
        }
    }
}
