using System;
using System.IO;
using System.Linq;
using Common.Elf;
using Common.DumpFormats;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Debuginfo
{
    /// <summary>
    /// -g on a program gcc compiled with DWARF 4 and 5, 64- and 32-bit (Debuginfo/kernel-like.c):
    /// ours writes 1.7.2's file byte for byte, and every size, offset, symbol and enumerator the
    /// program's own compiler computes. Then the same binary cut short and with bytes changed in
    /// its debug sections: each run ends in exit 0 or one error line and exit 1, never a crash,
    /// never an output file after a failure.
    /// </summary>
    public sealed class VmlinuxFromGccTests
    {
        [Theory]
        [InlineData(4, 64)]
        [InlineData(5, 64)]
        [InlineData(4, 32)]
        [InlineData(5, 32)]
        public void GenerateMatchesMakedumpfileAndTheCompiler(int dwarf, int bits)
        {
            using var s = new Scratch();
            var p = KernelLikeProgram.Build(s.Dir, dwarf, bits);
            Tools.MustSucceed(Tools.Debian($"-g {s.File("theirs.txt")} -x {p.Binary}"), "1.7.2 -g");
            Tools.MustSucceed(Tools.Ours($"-g {s.File("ours.txt")} -x {p.Binary}"), "our -g");
            string ours = File.ReadAllText(s.File("ours.txt"));
            Assert.Equal(File.ReadAllText(s.File("theirs.txt")), ours);
            string[] lines = ours.Split('\n');
            foreach (string line in p.Expected.Split('\n').Where(l => l.Length > 0))
                Assert.Contains(line, lines);
            Assert.Contains(lines, l => l.StartsWith("SRCFILE(pud_t)=", StringComparison.Ordinal) && l.EndsWith("kernel-like.c", StringComparison.Ordinal));
        }

        [Fact]
        public void ATruncatedVmlinuxIsOneErrorLine()
        {
            using var s = new Scratch();
            var p = KernelLikeProgram.Build(s.Dir, 5, 64);
            byte[] whole = File.ReadAllBytes(p.Binary);
            foreach (int length in new[] { 0, 3, 40, 64, 1000, whole.Length / 3, whole.Length / 2, whole.Length - 100, whole.Length - 1 })
            {
                string cut = s.File($"cut-{length}");
                File.WriteAllBytes(cut, whole.AsSpan(0, length).ToArray());
                Tools.Result r = Tools.Ours($"-g {s.File("out.txt")} -x {cut}");
                Assert.True(r.ExitCode == 1, $"{length} bytes: exit {r.ExitCode}\n{r.Stderr}");
                AssertOneErrorLine(r, cut);
                Assert.False(File.Exists(s.File("out.txt")), $"{length} bytes: a file was written");
            }
        }

        /// <summary>Bytes changed at random in .debug_info, .debug_abbrev, .debug_str, .debug_line and the headers (a fixed seed).</summary>
        [Fact]
        public void CorruptDebugInformationNeverCrashes()
        {
            using var s = new Scratch();
            var p = KernelLikeProgram.Build(s.Dir, 5, 64);
            byte[] whole = File.ReadAllBytes(p.Binary);
            var regions = new System.Collections.Generic.List<(long offset, long size)> { (0, 64) };
            using (var f = new PositionalFile(p.Binary))
            {
                ElfSections elf = ElfSections.Read(f);
                regions.Add(((long)elf.Header.SectionHeaderOffset, elf.Header.SectionHeaderCount * 64L));
                foreach (string name in new[] { ".debug_info", ".debug_abbrev", ".debug_str", ".debug_line", ".debug_line_str", ".debug_str_offsets", ".symtab" })
                    if (elf.Find(name) is ElfSection sec && sec.Size > 0) regions.Add(((long)sec.Offset, (long)sec.Size));
            }
            var random = new Random(20261204);
            int failures = 0;
            for (int round = 0; round < 300; round++)
            {
                byte[] copy = (byte[])whole.Clone();
                var (offset, size) = regions[random.Next(regions.Count)];
                for (int k = random.Next(1, 9); k > 0; k--)
                    copy[offset + random.Next((int)Math.Min(size, int.MaxValue))] = (byte)random.Next(256);
                string mutant = s.File("mutant");
                File.WriteAllBytes(mutant, copy);
                string output = s.File("out.txt");
                if (File.Exists(output)) File.Delete(output);
                Tools.Result r = Tools.Ours($"-g {output} -x {mutant}");
                Assert.True(r.ExitCode == 0 || r.ExitCode == 1, $"round {round}: exit {r.ExitCode}\n{r.Stderr}");
                if (r.ExitCode == 1)
                {
                    failures++;
                    AssertOneErrorLine(r, mutant);
                    Assert.False(File.Exists(output), $"round {round}: a file was written after a failure");
                }
            }
            Assert.True(failures > 30, $"only {failures} of 300 mutants were refused: the mutations did not reach the reader");
        }

        private static void AssertOneErrorLine(Tools.Result r, string vmlinux)
        {
            string[] errors = r.Stderr.Split('\n').Where(l => l.Length > 0).ToArray();
            Assert.True(errors.Length == 1, $"expected one error line, got:\n{r.Stderr}");
            Assert.StartsWith("makedumpfile: ", errors[0]);
            Assert.Contains(vmlinux, errors[0]);
            Assert.DoesNotContain("   at ", r.Stderr);
            Assert.Contains("makedumpfile Failed.", r.Stdout + r.Stderr);
        }
    }
}
