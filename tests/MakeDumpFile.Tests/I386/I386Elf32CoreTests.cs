using System;
using System.Collections.Generic;
using System.IO;
using Common.DumpFormats.Elf;
using Common.Elf;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.I386
{
    /// <summary>
    /// An i386 capture kernel's /proc/vmcore is ELF32 when kexec loaded it with
    /// --elf32-core-headers. QEMU wrote the bench's i386 cores as ELF64, so the same memory is
    /// given ELF32 headers here; the filter must not depend on the header class.
    /// </summary>
    [Collection("vmcore")]
    public sealed class I386Elf32CoreTests
    {
        [Theory]
        [InlineData("i386")]
        [InlineData("i386-pae")]
        public void Elf32CoreFiltersLikeItsElf64Twin(string flavour)
        {
            using var s = new Scratch();
            // The real core made smaller (free pages gone), still ELF64 like QEMU's.
            Tools.MustSucceed(Tools.Ours($"-d 16 -E --message-level 0 \"{I386Vmcores.Get(flavour).Elf}\" \"{s.File("64.elf")}\""), "making the ELF64 core");
            Assert.Equal(ElfConstants.MachineI386, ElfCoreFile.Read(s.File("64.elf")).Header.Machine);
            Elf32Rewrite.ToElf32(s.File("64.elf"), s.File("32.elf"));
            Tools.Result r64 = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{s.File("64.elf")}\" \"{s.File("o64.elf")}\""), "ours on ELF64");
            Tools.Result r32 = Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 16 \"{s.File("32.elf")}\" \"{s.File("o32.elf")}\""), "ours on ELF32");
            Dictionary<string, ulong> a = ReportCounts.Parse(r64.Stdout), b = ReportCounts.Parse(r32.Stdout);
            foreach (string label in ReportCounts.Labels)
                Assert.True(a[label] == b[label], $"{label}: ELF64 0x{a[label]:x}, ELF32 0x{b[label]:x}");
            Assert.True(a["User process data pages"] > 4000, "the anonymous workload was not found");
            using var o64 = ElfCorePageSource.Open(s.File("o64.elf"));
            using var o32 = ElfCorePageSource.Open(s.File("o32.elf"));
            Assert.False(o32.Core.Header.Is64);
            Assert.Equal(ElfConstants.MachineI386, o32.Core.Header.Machine);
            Assert.True(PageCompare.AssertSamePages(o64, o32, a["Total pages"], "ELF32 vs ELF64 output") > 4000);
        }
    }
}
