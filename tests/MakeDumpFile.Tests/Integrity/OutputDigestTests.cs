using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Integrity;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Integrity
{
    /// <summary>
    /// Every file our makedumpfile writes ends with a digest trailer that matches it
    /// (docs/makedumpfile.md, "Image digests"), the reference readers (makedumpfile 1.7.2,
    /// libkdumpfile, drgn) still read the files, and our makedumpfile refuses its own damaged
    /// output as input. Made from the 6.12 fixture at -d 31 to stay small.
    /// </summary>
    [Collection("vmcore")]
    public sealed class OutputDigestTests
    {
        private const string Python = "/usr/bin/python3"; // Debian's, which python3-drgn and python3-libkdumpfile install into

        private static void AssertDigested(string path, string what)
        {
            DigestCheck c = ImageDigests.Verify(path, what);
            Assert.True(c.Verified, $"{what} has no digest trailer");
            Assert.Equal(new FileInfo(path).Length, c.Trailer!.CoveredLength + c.Trailer.Size);
        }

        private static string Make(Scratch s, string name, string args)
        {
            Tools.MustSucceed(Tools.Ours($"{args} -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File(name)}\""), "makedumpfile " + args);
            return s.File(name);
        }

        [Fact]
        public void Every_kind_of_output_ends_with_matching_digests()
        {
            using var s = new Scratch();
            foreach (string flag in new[] { "-c", "-l", "-p", "-z", "", "-E" })
                AssertDigested(Make(s, "o" + flag, flag), "makedumpfile " + flag);
            // Flattened: the stream rebuilds into a file with its trailer, which -R checks.
            Tools.MustSucceed(Tools.Ours($"-F -l -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\"", stdoutFile: s.File("o.flat")), "makedumpfile -F");
            Tools.MustSucceed(Tools.Ours($"-R --message-level 0 \"{s.File("r.kd")}\"", stdinFile: s.File("o.flat")), "makedumpfile -R");
            AssertDigested(s.File("r.kd"), "the file rebuilt from -F");
            // Split parts, each with its own trailer, and the file joined from them.
            Tools.MustSucceed(Tools.Ours($"--split -l -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("p1")}\" \"{s.File("p2")}\""), "--split");
            AssertDigested(s.File("p1"), "split part 1");
            AssertDigested(s.File("p2"), "split part 2");
            Tools.MustSucceed(Tools.Ours($"--reassemble --message-level 0 \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("joined")}\""), "--reassemble");
            AssertDigested(s.File("joined"), "the reassembled file");
            // Re-filtering our own file (kdump and ELF input) writes a new trailer.
            Tools.MustSucceed(Tools.Ours($"-d 31 -c --message-level 0 \"{s.File("o-l")}\" \"{s.File("re.kd")}\""), "re-filter");
            AssertDigested(s.File("re.kd"), "the re-filtered file");
            Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 0 \"{s.File("o-E")}\" \"{s.File("re.elf")}\""), "re-filter ELF");
            AssertDigested(s.File("re.elf"), "the re-filtered ELF");
        }

        // Debian's 1.7.2 is built without snappy and zstd (makedumpfile -v), so -p and -z files
        // are read by libkdumpfile and drgn only (below).
        [Fact]
        public void Makedumpfile_1_7_2_reads_and_refilters_every_kind_it_supports()
        {
            using var s = new Scratch();
            string ourLog = s.File("ours.log");
            Tools.MustSucceed(Tools.Ours($"--dump-dmesg --message-level 0 \"{Fixtures.Ours612Elf}\" \"{ourLog}\""), "our --dump-dmesg");
            string expected = File.ReadAllText(ourLog);
            Assert.True(expected.Length > 1000);
            foreach (string flag in new[] { "-c", "-l", "", "-E" })
            {
                string file = Make(s, "o" + flag, flag);
                Tools.MustSucceed(Tools.Debian($"--dump-dmesg \"{file}\" \"{s.File("d" + flag)}\""), "1.7.2 --dump-dmesg of our " + flag);
                Assert.Equal(expected, File.ReadAllText(s.File("d" + flag)));
                Tools.MustSucceed(Tools.Debian($"-d 31 -l --message-level 0 \"{file}\" \"{s.File("t" + flag)}\""), "1.7.2 re-filtering our " + flag);
            }
            Tools.MustSucceed(Tools.Ours($"-F -l -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\"", stdoutFile: s.File("o.flat")), "makedumpfile -F");
            Tools.MustSucceed(Tools.Debian($"-R \"{s.File("t.flat")}\"", stdinFile: s.File("o.flat")), "1.7.2 -R of our stream");
            Tools.MustSucceed(Tools.Debian($"--dump-dmesg \"{s.File("t.flat")}\" \"{s.File("d.flat")}\""), "1.7.2 --dump-dmesg of the rebuilt stream");
            Assert.Equal(expected, File.ReadAllText(s.File("d.flat")));
        }

        [Fact]
        public void Reference_readers_see_the_same_pages()
        {
            if (!File.Exists(Python)) Assert.Fail("Debian's python3 is missing (scripts/setup.sh installs it with python3-drgn and python3-libkdumpfile)");
            using var s = new Scratch();
            using var fixture = ElfCorePageSource.Open(Fixtures.Ours612Elf);
            string script = Path.Combine(AppContext.BaseDirectory, "Integrity", "read_physical.py");
            var page = new byte[4096];
            foreach (string flag in new[] { "-c", "-l", "-p", "-z", "", "-E" })
            {
                string file = Make(s, "o" + flag, flag);
                var pfns = new List<ulong>();
                using (IPageSource ours = DumpInput.Open(file))
                {
                    ulong kept = 0;
                    for (ulong pfn = 0; pfn < ours.MaxMapNr; pfn++) if (ours.HasPage(pfn)) kept++;
                    ulong seen = 0;
                    for (ulong pfn = 0; pfn < ours.MaxMapNr && pfns.Count < 8; pfn++)
                        if (ours.HasPage(pfn) && seen++ % (kept / 8) == 0) pfns.Add(pfn);
                }
                foreach (string reader in new[] { "libkdumpfile", "drgn" })
                {
                    Tools.Result r = Tools.MustSucceed(Tools.Run(Python, $"\"{script}\" {reader} \"{file}\" {string.Join(" ", pfns.Select(p => (p * 4096).ToString("x")))}", null, null), $"{reader} on our {flag} file");
                    string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    Assert.Equal(pfns.Count, lines.Length);
                    for (int i = 0; i < pfns.Count; i++)
                    {
                        fixture.ReadPage(pfns[i], page);
                        Assert.True(Convert.ToHexString(page).ToLowerInvariant() == lines[i], $"{reader} reads pfn 0x{pfns[i]:x} of our {flag} file differently");
                    }
                }
            }
        }

        private static void Flip(string path, long at)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            f.Position = at;
            int b = f.ReadByte();
            f.Position = at;
            f.WriteByte((byte)(b ^ 0x10));
        }

        // A byte inside page data of a flattened stream (4096-byte header, then records of a
        // 16-byte big-endian (offset, size) header and size bytes).
        private static long MiddleOfLargestRecord(string path)
        {
            byte[] b = File.ReadAllBytes(path);
            long at = 4096, best = -1, bestSize = 0;
            while (at + 16 <= b.Length)
            {
                long size = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(b.AsSpan((int)at + 8));
                if (size < 0) break;
                if (size > bestSize) { bestSize = size; best = at + 16 + size / 2; }
                at += 16 + size;
            }
            Assert.True(best > 0);
            return best;
        }

        private static void AssertRefused(Tools.Result r, Scratch s, string output, string what)
        {
            Assert.True(r.ExitCode == 1, $"{what}: exit code {r.ExitCode}\n{r.Stderr}");
            string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1 && lines[0].StartsWith("makedumpfile: ") && lines[0].Contains("is damaged"), $"{what}: expected one line naming the damage, got:\n{r.Stderr}");
            Assert.False(File.Exists(s.File(output)), $"{what}: output left under its final name");
            Assert.Empty(Directory.GetFiles(s.Dir, "." + output + "*"));
        }

        [Fact]
        public void Damaged_own_files_are_refused_as_input()
        {
            using var s = new Scratch();
            string kd = Make(s, "o.kd", "-l");
            string elf = Make(s, "o.elf", "-E");
            Tools.MustSucceed(Tools.Ours($"-F -l -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\"", stdoutFile: s.File("o.flat")), "makedumpfile -F");
            Tools.MustSucceed(Tools.Ours($"--split -l -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("p1")}\" \"{s.File("p2")}\""), "--split");
            Flip(kd, new FileInfo(kd).Length / 2);
            Flip(elf, new FileInfo(elf).Length / 3);
            Flip(s.File("o.flat"), MiddleOfLargestRecord(s.File("o.flat")));
            Flip(s.File("p2"), 5000);

            Tools.Result r = Tools.Ours($"-d 31 -c \"{kd}\" \"{s.File("out")}\"");
            AssertRefused(r, s, "out", "re-filtering a damaged kdump file");
            Assert.Contains("the page data of", r.Stderr);
            AssertRefused(Tools.Ours($"-d 31 -l \"{elf}\" \"{s.File("out")}\""), s, "out", "re-filtering a damaged ELF file");
            AssertRefused(Tools.Ours($"--dump-dmesg \"{kd}\" \"{s.File("out")}\""), s, "out", "--dump-dmesg of a damaged file");
            AssertRefused(Tools.Ours($"-R \"{s.File("out")}\"", stdinFile: s.File("o.flat")), s, "out", "-R of a damaged stream");
            AssertRefused(Tools.Ours($"-d 31 -l \"{s.File("o.flat")}\" \"{s.File("out")}\""), s, "out", "re-filtering a damaged flattened file");
            AssertRefused(Tools.Ours($"--reassemble \"{s.File("p1")}\" \"{s.File("p2")}\" \"{s.File("out")}\""), s, "out", "--reassemble with a damaged part");
        }
    }
}
