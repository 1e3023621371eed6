using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Common.DumpFormats;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Formats
{
    /// <summary>
    /// Inputs beyond makedumpfile 1.7.2 (issue 13): a flattened file read directly, without a -R
    /// step, and a --split set given as several inputs; both give the pages the plain input gives,
    /// and no temporary copy is left behind. A small ELF core made here (no VMCOREINFO: -d 0/1).
    /// </summary>
    public class InputFormsTests
    {
        private const int PageSize = 4096;
        private const int Pages = 64;
        private const ulong Base = 0x100000;

        /// <summary>An ELF64 x86_64 core with one PT_LOAD: pages numbered in their first bytes, every fourth page zero.</summary>
        private static void WriteCore(string path)
        {
            const int dataAt = 0x1000;
            var file = new byte[dataAt + Pages * PageSize];
            file[0] = 0x7f; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
            file[4] = 2; file[5] = 1; file[6] = 1;
            var h = file.AsSpan();
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(16), 4);       // ET_CORE
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(18), 62);      // EM_X86_64
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(20), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(32), 64);      // e_phoff
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(52), 64);      // e_ehsize
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(54), 56);      // e_phentsize
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(56), 1);       // e_phnum
            var ph = h.Slice(64);
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);                // PT_LOAD
            BinaryPrimitives.WriteUInt32LittleEndian(ph.Slice(4), 7);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(8), dataAt);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(16), 0xffff888000000000UL + Base);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(24), Base);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(32), Pages * PageSize);
            BinaryPrimitives.WriteUInt64LittleEndian(ph.Slice(40), Pages * PageSize);
            for (int p = 0; p < Pages; p++)
                if (p % 4 != 3)
                    for (int i = 0; i < PageSize; i += 8) BinaryPrimitives.WriteUInt64LittleEndian(h.Slice(dataAt + p * PageSize + i), (ulong)(p * 1000 + i + 1));
            File.WriteAllBytes(path, file);
        }

        private static byte[][] PagesOf(string dump)
        {
            using IPageSource s = DumpInput.Open(dump);
            var pages = new byte[Pages][];
            for (int p = 0; p < Pages; p++)
            {
                ulong pfn = Base / PageSize + (ulong)p;
                pages[p] = new byte[PageSize];
                if (s.HasPage(pfn)) s.ReadPage(pfn, pages[p]);
            }
            return pages;
        }

        [Fact]
        public void AFlattenedFileIsReadDirectly()
        {
            using var s = new Scratch();
            WriteCore(s.File("core.elf"));
            Tools.MustSucceed(Tools.Ours($"-d 1 -c -F --message-level 0 \"{s.File("core.elf")}\"", stdoutFile: s.File("flat")), "-F");
            Assert.True(DumpInput.IsFlattened(s.File("flat")));
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 0 -E --work-dir \"{s.Dir}\" \"{s.File("flat")}\" \"{s.File("direct.elf")}\""), "flattened input");
            Assert.Contains("makedumpfile Completed.", r.Stdout);
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("rebuilt.kd")}\"", stdinFile: s.File("flat")), "-R");
            Tools.MustSucceed(Tools.Ours($"-d 0 -E \"{s.File("rebuilt.kd")}\" \"{s.File("via-r.elf")}\""), "rebuilt input");
            Assert.Equal(PagesOf(s.File("via-r.elf")), PagesOf(s.File("direct.elf")));
            Assert.Equal(PagesOf(s.File("core.elf")), PagesOf(s.File("direct.elf")));
            Assert.Empty(Directory.GetFiles(s.Dir, ".kexec-jump-input-*"));
        }

        [Fact]
        public void ASplitSetIsReadAsOneInput()
        {
            using var s = new Scratch();
            WriteCore(s.File("core.elf"));
            Tools.MustSucceed(Tools.Ours($"-d 1 -l --split --message-level 0 \"{s.File("core.elf")}\" \"{s.File("a")}\" \"{s.File("b")}\" \"{s.File("c")}\""), "--split");
            Tools.Result r = Tools.MustSucceed(Tools.Ours($"-d 0 -E --work-dir \"{s.Dir}\" \"{s.File("a")}\" \"{s.File("b")}\" \"{s.File("c")}\" \"{s.File("joined.elf")}\""), "split set input");
            Assert.Contains($"The dumpfile is saved to {s.File("joined.elf")}.", r.Stdout);
            Assert.Equal(PagesOf(s.File("core.elf")), PagesOf(s.File("joined.elf")));
            // A piece missing is refused in one line.
            Tools.Result missing = Tools.Ours($"-d 0 -E \"{s.File("a")}\" \"{s.File("c")}\" \"{s.File("bad.elf")}\"");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("a part is missing", missing.Stderr);
            Assert.False(File.Exists(s.File("bad.elf")));
            Assert.Empty(Directory.GetFiles(s.Dir, ".kexec-jump-input-*"));
        }

        [Fact]
        public void DryRunWritesNothingAndSizeLimitStopsTheDump()
        {
            using var s = new Scratch();
            WriteCore(s.File("core.elf"));
            Tools.Result dry = Tools.MustSucceed(Tools.Ours($"-d 1 -c --dry-run \"{s.File("core.elf")}\" \"{s.File("none")}\""), "--dry-run");
            Assert.Contains("makedumpfile Completed.", dry.Stdout);
            Assert.DoesNotContain("saved to", dry.Stdout);
            Assert.False(File.Exists(s.File("none")));
            Tools.Result limited = Tools.Ours($"-d 0 -E -L 64K \"{s.File("core.elf")}\" \"{s.File("big")}\"");
            Assert.Equal(1, limited.ExitCode);
            Assert.Contains("makedumpfile Failed.", limited.Stdout);
            Assert.False(File.Exists(s.File("big")), "a dump cut by -L under its final name");
            Tools.MustSucceed(Tools.Ours($"-d 0 -E -L 1M \"{s.File("core.elf")}\" \"{s.File("fits")}\""), "-L 1M");
        }
    }
}
