using System;
using System.IO;
using System.Linq;
using System.Text;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.I386
{
    /// <summary>
    /// i386 VMCOREINFO pointing where it must not: one clear error line, non-zero exit, no output
    /// file. The input is a small real i386 core (the 2-level guest saved at -d 31).
    /// </summary>
    [Collection("vmcore")]
    public sealed class I386BadInputTests
    {
        [Theory]
        // Below every i386 PAGE_OFFSET: no split maps it.
        [InlineData("SYMBOL(swapper_pg_dir)=", "swapper_pg_dir")]
        // A user-space address: not mapped in the kernel's page tables.
        [InlineData("SYMBOL(mem_map)=", "mem_map")]
        [InlineData("SYMBOL(contig_page_data)=", "contig_page_data")]
        public void SymbolOutsideTheKernel(string key, string named)
        {
            byte[] core = SmallCore();
            int at = Find(core, key) + key.Length;
            core[at] = (byte)'0';
            AssertCleanFailure(core, $"{key} moved to user space", named);
        }

        [Fact]
        public void NodeExtentOutsidePglistData()
        {
            byte[] core = SmallCore();
            const string key = "OFFSET(pglist_data.node_spanned_pages)=";
            int at = Find(core, key) + key.Length;
            core[at] = (byte)'9';
            AssertCleanFailure(core, "node_spanned_pages past SIZE(pglist_data)", "pglist_data");
        }

        private static byte[]? _small;

        private static byte[] SmallCore()
        {
            if (_small == null)
            {
                using var s = new Scratch();
                Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 0 \"{I386Vmcores.Get("i386").Elf}\" \"{s.File("small.elf")}\""), "making the small core");
                _small = Digestless.Of(s.File("small.elf")); // the parsers' checks, not the digests
            }
            return (byte[])_small.Clone();
        }

        private static int Find(byte[] data, string text)
        {
            byte[] needle = Encoding.ASCII.GetBytes(text);
            int at = data.AsSpan().IndexOf(needle);
            Assert.True(at >= 0, $"'{text}' is not in the core");
            return at;
        }

        private static void AssertCleanFailure(byte[] input, string what, string expect)
        {
            using var s = new Scratch();
            File.WriteAllBytes(s.File("in"), input);
            Tools.Result r = Tools.Ours($"-d 31 -c --message-level 7 \"{s.File("in")}\" \"{s.File("out")}\"");
            Assert.True(r.ExitCode != 0, $"{what}: exit code 0\n{r.Stdout}");
            string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1 && lines[0].StartsWith("makedumpfile: "), $"{what}: expected one error line, got:\n{r.Stderr}");
            Assert.Contains(expect, lines[0]);
            Assert.False(File.Exists(s.File("out")), $"{what}: an output file was left under its final name");
            Assert.Equal(new[] { "in" }, Directory.GetFiles(s.Dir).Select(Path.GetFileName).ToArray());
        }
    }
}
