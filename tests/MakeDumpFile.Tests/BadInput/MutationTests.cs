using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.BadInput
{
    /// <summary>
    /// The crashes and silent acceptances issue 12's mutation runs found, each on a real dump
    /// with one field changed: now one error line, a non-zero exit and no output file.
    /// </summary>
    public sealed partial class BadInputTests
    {
        [Fact]
        public void ElfOutputFromAKdumpFileWithOneDamagedPageIsOneErrorLine()
        {
            // -E with bit 1 looks for zero pages on several threads: a page that failed to decode
            // there was an unhandled AggregateException.
            string kd = _d.Scratch.File("small-zlib.kd");
            if (!File.Exists(kd))
                Tools.MustSucceed(Tools.Ours($"-d 31 -c --message-level 0 \"{Fixtures.Ours612Elf}\" \"{kd}\""), "making a zlib kdump file");
            byte[] data = Digestless.Of(kd); // the decoder's check, not the digests
            int d = FirstDescriptor(kd);
            while (BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(d + 12)) != KdumpConstants.CompressedZlib) d += 24;
            long stored = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(d));
            int size = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(d + 8));
            data[stored + size / 2] ^= 0x40;
            AssertCleanFailure(data, "-d 1 -E", "flipped byte in a zlib page, -E", "zlib");
        }

        [Fact]
        public void KdumpHeaderWithADumpLevelOutside0To31IsRefused()
        {
            // The sub-header's dump_level (offset 8) used to be ORed into the output's level.
            foreach (uint level in new uint[] { 32, 0x80000000, 0xffffffff })
                AssertCleanFailure(Patch32(_d.Kdump, 4096 + 8, level), "-d 31 -c", $"dump_level 0x{level:x}", "dump_level");
        }

        [Fact]
        public void ElfOfAnotherMachineIsRefused()
        {
            foreach (ushort machine in new ushort[] { 183 /* EM_AARCH64 */, 40 /* EM_ARM */ })
                AssertCleanFailure(Patch16(_d.Elf, 18, machine), "-d 31 -c", $"e_machine {machine}", "not x86");
        }

        [Fact]
        public void KdumpFileCutShortByOneByteIsRefusedInModesThatReadFewPages()
        {
            // --dump-dmesg and --mem-usage read only some pages: the cut went unnoticed.
            byte[] cut = _d.Kdump.AsSpan(0, _d.Kdump.Length - 1).ToArray();
            AssertCleanFailure(cut, "--dump-dmesg", "kdump cut by one byte, --dump-dmesg", "truncated");
        }

        private int FirstDescriptor(string kdump)
        {
            using var src = KdumpPageSource.Open(kdump);
            return (int)((1L + src.Header.SubHeaderBlocks + src.Header.BitmapBlocks) * src.PageSize);
        }
    }
}
