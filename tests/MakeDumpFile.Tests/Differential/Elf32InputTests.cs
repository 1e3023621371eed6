using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Common.DumpFormats.Elf;
using Common.Elf;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// x86_64 vmcores with ELF32 headers (kexec-tools --elf32-core-headers): the same memory
    /// as an ELF64 core must give the same report and pages, and makedumpfile 1.7.2 must agree.
    /// </summary>
    [Collection("vmcore")]
    public sealed class Elf32InputTests
    {
        [Fact]
        public void Elf32CoreFiltersLikeItsElf64Twin()
        {
            using var s = new Scratch();
            // A real 6.1 core in the standard layout, made smaller with -d 16 (free pages gone).
            Tools.MustSucceed(Tools.Ours($"-d 16 -E --message-level 0 \"{Fixtures.Debian61Elf}\" \"{s.File("64.elf")}\""), "making the ELF64 core");
            Elf32Rewrite.ToElf32(s.File("64.elf"), s.File("32.elf"));
            using (var c32 = ElfCorePageSource.Open(s.File("32.elf")))
                Assert.False(c32.Core.Header.Is64);

            Tools.Result r64 = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{s.File("64.elf")}\" \"{s.File("o64.elf")}\""), "ours on ELF64");
            Tools.Result r32 = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{s.File("32.elf")}\" \"{s.File("o32.elf")}\""), "ours on ELF32");
            Tools.Result m32 = Tools.MustSucceed(Tools.Debian($"-d 31 -E --message-level 16 \"{s.File("32.elf")}\" \"{s.File("m32.elf")}\""), "makedumpfile on ELF32");
            Dictionary<string, ulong> a = ReportCounts.Parse(r64.Stdout), b = ReportCounts.Parse(r32.Stdout), c = ReportCounts.Parse(m32.Stdout);
            foreach (string label in ReportCounts.Labels)
            {
                Assert.True(a[label] == b[label], $"{label}: ELF64 0x{a[label]:x}, ELF32 0x{b[label]:x}");
                Assert.True(c[label] == b[label], $"{label}: makedumpfile 0x{c[label]:x}, ours 0x{b[label]:x}");
            }
            using var o64 = ElfCorePageSource.Open(s.File("o64.elf"));
            using var o32 = ElfCorePageSource.Open(s.File("o32.elf"));
            using var t32 = ElfCorePageSource.Open(s.File("m32.elf"));
            Assert.False(o32.Core.Header.Is64);
            ulong max = a["Total pages"];
            Assert.True(PageCompare.AssertSamePages(o64, o32, max, "ELF32 vs ELF64 output") > 1000);
            PageCompare.AssertSamePages(t32, o32, max, "ours vs makedumpfile on ELF32");
        }
    }
}
