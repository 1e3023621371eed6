using System.IO;
using TestSupport;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.I386
{
    /// <summary>
    /// --dump-dmesg on real i386 vmcores: the printk ring buffer's ids, states, positions and
    /// pointers are 4-byte unsigned longs there (kernel/printk/printk_ringbuffer.h), so reading
    /// them as x86_64's 8-byte words finds no record at all.
    /// </summary>
    [Collection("vmcore")]
    public sealed class I386DmesgTests
    {
        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void TheKernelLogOfAnI386GuestIsRead(string flavour)
        {
            VmcoreFixture f = I386Vmcores.Get(flavour);
            using var s = new Scratch();
            string output = s.File("dmesg.txt");
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg \"{f.Elf}\" \"{output}\""), "our makedumpfile --dump-dmesg");
            string log = File.ReadAllText(output);
            // The first line of every boot log, and a line of this guest's own configuration.
            Assert.Contains("Linux version 6.12.", log);
            Assert.Contains(flavour == "i386-pae" ? "HighMem" : "Normal", log);
            Assert.True(log.Split('\n').Length > 100, $"only {log.Split('\n').Length} lines of log");
        }
    }
}
