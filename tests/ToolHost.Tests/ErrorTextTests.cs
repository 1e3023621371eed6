using System.IO;
using ToolHost.Output;
using Xunit;

namespace ToolHost.Tests
{
    public class ErrorTextTests
    {
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
