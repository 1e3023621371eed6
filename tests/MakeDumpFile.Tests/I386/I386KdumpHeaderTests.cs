using System;
using System.Collections.Generic;
using System.IO;
using TestSupport;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.I386
{
    /// <summary>
    /// The kdump-compressed header of i386 dumps: makedumpfile built for i386 lays struct
    /// disk_dump_header and struct kdump_sub_header out with 4-byte longs and timeval fields and
    /// 4-byte aligned 64-bit integers. Checked against the documented offsets and against
    /// Debian 12's i386 makedumpfile 1.7.2 itself (run on the host through the i386 loader):
    /// ours writes the layout it writes, reads its files, and it reads ours.
    /// </summary>
    [Collection("vmcore")]
    public sealed class I386KdumpHeaderTests : IClassFixture<I386KdumpHeaderTests.Inputs>
    {
        /// <summary>
        /// The i386 vmcore filtered with -d 31 and given lowmem virtual addresses (what 1.7.2 for
        /// i386 needs to find the kernel's data), and the -l -d 1 dumps both makedumpfiles make of it.
        /// </summary>
        public sealed class Inputs : IDisposable
        {
            public Inputs()
            {
                VmcoreFixture f = I386Vmcores.Get("i386");
                Debian = DebianI386Makedumpfile.Prepared();
                Tools.MustSucceed(Tools.Ours($"-d 31 -E --message-level 0 \"{f.Elf}\" \"{Scratch.File("31.elf")}\""), "the -d 31 core");
                KexecStyleCore.WithLowmemVirtualAddresses(Scratch.File("31.elf"), Core);
                Tools.MustSucceed(RunDebian($"-l -d 1 --message-level 1 \"{Core}\" \"{DebianDump}\""), "Debian's i386 makedumpfile -l -d 1");
                Tools.MustSucceed(Tools.Ours($"-l -d 1 --message-level 0 \"{Core}\" \"{OurDump}\""), "our makedumpfile -l -d 1");
            }

            public Scratch Scratch { get; } = new Scratch();
            public DebianI386Makedumpfile Debian { get; }
            public string Core => Scratch.File("core.elf");
            public string DebianDump => Scratch.File("debian.kd");
            public string OurDump => Scratch.File("ours.kd");

            internal Tools.Result RunDebian(string args) => Tools.Run(Debian.Executable, Debian.ArgumentsPrefix + " " + args, null, null);

            public void Dispose() => Scratch.Dispose();
        }

        private readonly Inputs _in;
        public I386KdumpHeaderTests(Inputs inputs) { _in = inputs; }

        /// <summary>
        /// The offsets every reader agrees on: libkdumpfile's packed disk_dump_header_32/_64 and
        /// kdump_sub_header_32pack/_64 (diskdump.c), which spell out what diskdump_mod.h's
        /// declarations become on each ABI.
        /// </summary>
        [Theory]
        [InlineData("i386", 404, 408, 412, 416, 420, 424, 428, 432, 448, 452, 0, 4, 8, 12, 16, 20, 28, 32, 40, 44, 52, 56, 64, 72, 80)]
        [InlineData("x86_64", 408, 416, 424, 428, 432, 436, 440, 444, 460, 464, 0, 8, 12, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104)]
        public void LayoutOffsetsAreTheDocumentedOnes(string arch, int tvSec, int tvUsec, int status, int blockSize, int subHdrSize,
            int bitmapBlocks, int maxMapNr, int totalRamBlocks, int nrCpus, int headerSize,
            int physBase, int dumpLevel, int split, int startPfn, int endPfn, int offVmcoreinfo, int sizeVmcoreinfo,
            int offNote, int sizeNote, int offEraseinfo, int sizeEraseinfo, int startPfn64, int endPfn64, int maxMapNr64, int subSize)
        {
            KdumpHeaderLayout l = arch == "i386" ? KdumpHeaderLayout.I386 : KdumpHeaderLayout.X86_64;
            Assert.Equal(new[] { 0, 8, 12, tvSec, tvUsec, status, blockSize, subHdrSize, bitmapBlocks, maxMapNr, totalRamBlocks, nrCpus, headerSize },
                new[] { l.Signature, l.HeaderVersion, l.Utsname, l.TimestampSeconds, l.TimestampMicroseconds, l.Status, l.BlockSize, l.SubHeaderBlocks,
                        l.BitmapBlocks, l.MaxMapNr32, l.TotalRamBlocks, l.NrCpus, l.HeaderSize });
            Assert.Equal(new[] { physBase, dumpLevel, split, startPfn, endPfn, offVmcoreinfo, sizeVmcoreinfo, offNote, sizeNote, offEraseinfo, sizeEraseinfo, startPfn64, endPfn64, maxMapNr64, subSize },
                new[] { l.PhysBase, l.DumpLevel, l.Split, l.StartPfn32, l.EndPfn32, l.OffsetVmcoreinfo, l.SizeVmcoreinfo, l.OffsetNote, l.SizeNote,
                        l.OffsetEraseinfo, l.SizeEraseinfo, l.StartPfn64, l.EndPfn64, l.MaxMapNr64, l.SubHeaderSize });
            Assert.Equal(KdumpHeaderLayout.ForElfMachine(l.ElfMachine), l);
        }

        [Fact]
        public void OursWritesTheHeaderDebiansI386MakedumpfileWrites()
        {
            byte[] theirs = Head(_in.DebianDump), ours = Head(_in.OurDump);
            Assert.Same(KdumpHeaderLayout.I386, DiskDumpHeader.LayoutOf(theirs));
            Assert.Same(KdumpHeaderLayout.I386, DiskDumpHeader.LayoutOf(ours));
            KdumpHeaderLayout l = KdumpHeaderLayout.I386;
            // Byte for byte but the time stamp (1.7.2 leaves it 0 for an ELF input), sub_hdr_size
            // (our notes add the KEXEC_JUMP notes), and max_mapnr with the bitmap size it gives:
            // at -d 1 1.7.2 counts frames up to the highest PT_LOAD (QEMU's BIOS below 4 GiB),
            // ours up to the kernel's mem_map.
            var differ = new[] { (l.TimestampSeconds, 2 * l.LongSize), (l.SubHeaderBlocks, 4), (l.BitmapBlocks, 4), (l.MaxMapNr32, 4) };
            for (int i = 0; i < l.HeaderSize; i++)
            {
                if (Array.Exists(differ, d => i >= d.Item1 && i < d.Item1 + d.Item2)) continue;
                Assert.True(theirs[i] == ours[i], $"main header byte {i}: 1.7.2 wrote 0x{theirs[i]:x2}, ours 0x{ours[i]:x2}");
            }
            using var t = KdumpPageSource.Open(_in.DebianDump);
            using var o = KdumpPageSource.Open(_in.OurDump);
            Assert.Equal(t.Header.Utsname, o.Header.Utsname);
            Assert.Equal("i686", o.Header.Utsname[4]);
            Assert.Equal((t.Header.PhysBase, t.Header.DumpLevel, t.Header.Split, t.Header.OffsetNote),
                         (o.Header.PhysBase, o.Header.DumpLevel, o.Header.Split, o.Header.OffsetNote));
            Assert.Equal(t.Header.MaxMapNr32, (uint)t.Header.MaxMapNr);
            Assert.Equal(o.Header.MaxMapNr32, (uint)o.Header.MaxMapNr);
            Assert.True(o.Header.TimestampSeconds > 1_700_000_000, $"our time stamp {o.Header.TimestampSeconds} was not read back");
            // The notes each sub-header points at hold VMCOREINFO: the offsets are right.
            Assert.NotNull(t.VmcoreInfo);
            Assert.Equal(t.VmcoreInfo!.OsRelease, o.VmcoreInfo?.OsRelease);
            Assert.True(PageCompare.AssertSamePages(t, o, o.MaxMapNr, "ours vs 1.7.2 for i386") > 4000);
        }

        /// <summary>
        /// 1.7.2 for i386 cannot re-filter or --dump-dmesg any kdump file of this kernel without a
        /// vmlinux (it finds no vmalloc translation for the kernel's data, its own files too), but
        /// --reassemble reads every header field, both bitmaps and the descriptors of split files.
        /// </summary>
        [Fact]
        public void DebiansI386MakedumpfileReassemblesOurSplitFiles()
        {
            using var s = new Scratch();
            Tools.MustSucceed(Tools.Ours($"-l -d 1 --message-level 0 --split \"{_in.Core}\" \"{s.File("part1")}\" \"{s.File("part2")}\""), "our --split");
            Tools.Result r = _in.RunDebian($"--reassemble --message-level 1 \"{s.File("part1")}\" \"{s.File("part2")}\" \"{s.File("joined.kd")}\"");
            Assert.True(r.ExitCode == 0, $"1.7.2 for i386 could not reassemble our i386 split files:\n{r.Stderr}\n{r.Stdout}");
            using var o = KdumpPageSource.Open(_in.OurDump);
            using var joined = KdumpPageSource.Open(s.File("joined.kd"));
            Assert.Same(KdumpHeaderLayout.I386, joined.Header.Layout);
            Assert.Equal(o.MaxMapNr, joined.MaxMapNr);
            Assert.True(PageCompare.AssertSamePages(o, joined, o.MaxMapNr, "1.7.2's join of our i386 split files vs our one file") > 4000);
        }

        [Fact]
        public void OurI386HeaderRoundTrips()
        {
            using var o = KdumpPageSource.Open(_in.OurDump);
            DiskDumpHeader h = o.Header;
            Assert.Same(KdumpHeaderLayout.I386, h.Layout);
            byte[] head = Head(_in.OurDump);
            Assert.Equal(h.EncodeMain(), head.AsSpan(0, KdumpHeaderLayout.I386.HeaderSize).ToArray());
            byte[] sub = new byte[KdumpHeaderLayout.I386.SubHeaderSize];
            using (FileStream f = File.OpenRead(_in.OurDump))
            {
                f.Seek(h.BlockSize, SeekOrigin.Begin);
                f.ReadExactly(sub);
            }
            Assert.Equal(h.EncodeSub(), sub);
        }

        private static byte[] Head(string path)
        {
            var b = new byte[KdumpHeaderLayout.MaxHeaderSize];
            using FileStream f = File.OpenRead(path);
            f.ReadExactly(b);
            return b;
        }
    }
}
