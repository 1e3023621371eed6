using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using TestSupport;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.I386
{
    /// <summary>
    /// makedumpfile on real i386 vmcores (QEMU writes them as ELF64 cores with e_machine EM_386).
    /// Debian's makedumpfile 1.7.2 is built for x86_64 and refuses EM_386 cores, so the counts
    /// are checked against what the guest's /proc/meminfo said right before the dump.
    /// </summary>
    [Collection("vmcore")]
    public sealed class I386FilterTests
    {
        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void ExcludedPagesMatchWhatTheGuestReported(string flavour)
        {
            VmcoreFixture f = I386Vmcores.Get(flavour);
            using var s = new Scratch();
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 31 \"{f.Elf}\" \"{s.File("o.elf")}\""), "our makedumpfile");
            Dictionary<string, ulong> c = ReportCounts.Parse(r.Stdout);
            long totalKiB = Fixtures.MemInfoKiB(f.MemInfo, "MemTotal");
            long slack = totalKiB * 3 / 100;
            // MemFree counts the per-cpu lists too, and a few commands run between meminfo and the dump.
            AssertNear("free pages vs MemFree", (long)c["Free pages"] * 4, Fixtures.MemInfoKiB(f.MemInfo, "MemFree"), slack);
            // Cached holds the page cache of the disk file and the tmpfs (shmem) files.
            AssertNear("cache pages vs Cached", (long)(c["Non-private cache pages"] + c["Private cache pages"]) * 4,
                Fixtures.MemInfoKiB(f.MemInfo, "Cached"), totalKiB / 100);
            // The awk workload's 16 MiB string is anonymous memory.
            long anonKiB = Fixtures.MemInfoKiB(f.MemInfo, "AnonPages");
            Assert.True(anonKiB > 16 * 1024, $"AnonPages {anonKiB} KiB: the workload did not run");
            AssertNear("user pages vs AnonPages", (long)c["User process data pages"] * 4, anonKiB, totalKiB / 100);
            // Every RAM frame has a struct page in FLATMEM: the walk covered all of RAM.
            Assert.True((long)c["Total pages"] * 4 >= totalKiB, $"Total pages 0x{c["Total pages"]:x} is less than MemTotal {totalKiB} KiB");
            if (flavour == "i386-pae")
            {
                long highTotal = Fixtures.MemInfoKiB(f.MemInfo, "HighTotal"), highFree = Fixtures.MemInfoKiB(f.MemInfo, "HighFree");
                Assert.True(highTotal > 256 * 1024, $"HighTotal {highTotal} KiB: the PAE guest should have highmem");
                // Free highmem is part of the free pages found (lowmem alone could not reach MemFree).
                long lowFree = Fixtures.MemInfoKiB(f.MemInfo, "LowFree");
                Assert.True((long)c["Free pages"] * 4 > lowFree + highFree / 2,
                    $"free pages {(long)c["Free pages"] * 4} KiB do not include highmem (LowFree {lowFree}, HighFree {highFree} KiB)");
            }
        }

        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void KeptPagesAreTheInputsPagesInEveryFormat(string flavour)
        {
            VmcoreFixture f = I386Vmcores.Get(flavour);
            using var s = new Scratch();
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{f.Elf}\" \"{s.File("o.elf")}\""), "-d 31 -E");
            Tools.MustSucceed(Tools.Ours($"-d 31 -c --message-level 0 \"{f.Elf}\" \"{s.File("o.zlib")}\""), "-d 31 -c");
            Tools.MustSucceed(Tools.Ours($"-d 31 -l --message-level 0 \"{f.Elf}\" \"{s.File("o.lzo")}\""), "-d 31 -l");
            Dictionary<string, ulong> c = ReportCounts.Parse(r.Stdout);
            ulong max = c["Total pages"];
            using var input = ElfCorePageSource.Open(f.Elf);
            using var elf = ElfCorePageSource.Open(s.File("o.elf"));
            Assert.Equal(input.Core.Header.Machine, elf.Core.Header.Machine);
            // The ELF output also carries zero pages lying between kept ones ("in ELF format").
            ulong inElf = PageCompare.AssertSamePages(input, elf, max, "-E output vs input", elf.HasPage);
            Assert.True(inElf >= c["Remaining pages"] && c["Remaining pages"] > 4000, $"{inElf} pages in the ELF output, 0x{c["Remaining pages"]:x} remaining");
            foreach (string name in new[] { "o.zlib", "o.lzo" })
            {
                using var kdump = KdumpPageSource.Open(s.File(name));
                // Zero pages stay in the bitmap, all pointing at one shared zero page (makedumpfile's pd_zero).
                Assert.Equal(c["Remaining pages"] + c["Pages filled with zero"], PageCompare.AssertSamePages(input, kdump, max, name + " vs input", kdump.HasPage));
            }
        }

        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void QemusKdumpFileFiltersLikeItsElfCore(string flavour)
        {
            VmcoreFixture f = I386Vmcores.Get(flavour);
            using var s = new Scratch();
            // QEMU writes kdump-compressed files flattened; -R rebuilds them.
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("qemu.kdump")}\"", stdinFile: f.KdumpZlib), "-R of QEMU's file");
            Tools.Result fromElf = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{f.Elf}\" \"{s.File("a.elf")}\""), "-d 31 -E of the ELF core");
            Tools.Result fromKdump = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{s.File("qemu.kdump")}\" \"{s.File("b.elf")}\""), "-d 31 -E of QEMU's kdump file");
            Dictionary<string, ulong> a = ReportCounts.Parse(fromElf.Stdout), b = ReportCounts.Parse(fromKdump.Stdout);
            foreach (string label in new[] { "Free pages", "User process data pages", "Non-private cache pages", "Remaining pages", "Total pages" })
                Assert.True(a[label] == b[label], $"{label}: ELF 0x{a[label]:x}, QEMU's kdump file 0x{b[label]:x}");
            using var ea = ElfCorePageSource.Open(s.File("a.elf"));
            using var eb = ElfCorePageSource.Open(s.File("b.elf"));
            Assert.True(PageCompare.AssertSamePages(ea, eb, a["Total pages"], "from QEMU's kdump file vs from the ELF core") > 4000);
        }

        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void ZeroOnlyLevelKeepsTheWorkloadsMarker(string flavour)
        {
            VmcoreFixture f = I386Vmcores.Get(flavour);
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-d 1 -E --message-level 0 \"{f.Elf}\" \"{s.File("o.elf")}\""), "-d 1 -E");
            byte[] marker = Encoding.ASCII.GetBytes(File.ReadAllText(f.MarkerFile).Trim());
            Assert.True(CountOccurrences(s.File("o.elf"), marker) >= 2, "the marker (tmpfs file and anonymous memory) is not in the -d 1 dump");
        }

        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void MemUsageAgreesWithTheFilter(string flavour)
        {
            VmcoreFixture f = I386Vmcores.Get(flavour);
            using var s = new Scratch();
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{f.Elf}\" \"{s.File("o.elf")}\""), "-d 31 -E");
            Dictionary<string, ulong> c = ReportCounts.Parse(r.Stdout);
            Tools.Result u = Tools.MustSucceed(Tools.Ours($"--mem-usage \"{f.Elf}\""), "--mem-usage");
            Assert.Equal(c["Free pages"], MemUsageRow(u.Stdout, "FREE"));
            Assert.Equal(c["User process data pages"], MemUsageRow(u.Stdout, "USER"));
            Assert.Equal(c["Non-private cache pages"], MemUsageRow(u.Stdout, "NON_PRI_CACHE"));
            Assert.Equal(c["Pages filled with zero"], MemUsageRow(u.Stdout, "ZERO"));
        }

        private static ulong MemUsageRow(string text, string type)
        {
            foreach (string line in text.Split('\n'))
            {
                string[] cols = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (cols.Length >= 2 && cols[0] == type) return ulong.Parse(cols[1]);
            }
            Assert.Fail($"--mem-usage printed no {type} row:\n{text}");
            return 0;
        }

        private static void AssertNear(string what, long actualKiB, long expectedKiB, long slackKiB) =>
            Assert.True(Math.Abs(actualKiB - expectedKiB) <= slackKiB, $"{what}: {actualKiB} KiB, expected {expectedKiB} KiB (slack {slackKiB} KiB)");

        private static int CountOccurrences(string path, byte[] needle)
        {
            int count = 0;
            var buffer = new byte[(1 << 20) + needle.Length];
            int carry = 0;
            using FileStream fs = File.OpenRead(path);
            while (true)
            {
                int n = fs.Read(buffer, carry, buffer.Length - carry);
                if (n <= 0) break;
                int len = carry + n;
                var span = new ReadOnlySpan<byte>(buffer, 0, len);
                int at = 0;
                while (true)
                {
                    int i = span.Slice(at).IndexOf(needle);
                    if (i < 0) break;
                    count++;
                    at += i + needle.Length;
                }
                carry = Math.Min(needle.Length - 1, len);
                Array.Copy(buffer, len - carry, buffer, 0, carry);
            }
            return count;
        }
    }
}
