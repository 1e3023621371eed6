using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Common.Vmcore;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>
    /// Truncated and corrupted versions of a real core's headers: every one must be refused
    /// with ElfFormatException (or FormatException for VMCOREINFO text), never crash the reader
    /// with another exception or read outside the file.
    /// </summary>
    public class ElfCoreCorruptionTests
    {
        private static (byte[] Prefix, long Length, ElfCoreFile Core) RealHeaders()
        {
            string path = RealVmcores.Ours.Elf;
            ElfCoreFile core = ElfCoreFile.Read(path);
            long firstLoad = core.Loads.Min(l => (long)l.Offset);
            byte[] prefix = new byte[firstLoad];
            using (var fs = File.OpenRead(path)) fs.ReadExactly(prefix);
            return (prefix, core.FileLength, core);
        }

        [Fact]
        public void VirtualCopyOfTheRealHeadersParsesLikeTheFile()
        {
            var (prefix, length, real) = RealHeaders();
            ElfCoreFile copy = ElfCoreFile.Read(new VirtualCoreStream(prefix, length));
            Assert.Equal(real.ProgramHeaders, copy.ProgramHeaders);
            Assert.Equal(real.Notes.Count, copy.Notes.Count);
        }

        [Fact]
        public void EveryTruncationIsRefusedWithAClearError()
        {
            var (prefix, length, core) = RealHeaders();
            long lastEnd = core.Loads.Max(l => (long)(l.Offset + l.FileSize));
            long[] cuts =
            {
                0, 3, 4, 15, 16, 40, 63, (long)core.Header.ProgramHeaderOffset,
                (long)core.Header.ProgramHeaderOffset + 30,
                (long)core.ProgramHeaders.First(p => p.IsNote).Offset + 8,
                prefix.Length, prefix.Length + 4096, lastEnd - 1,
            };
            foreach (long cut in cuts)
            {
                byte[] p = prefix.Take((int)Math.Min(cut, prefix.Length)).ToArray();
                var e = Assert.Throws<ElfFormatException>(() => ElfCoreFile.Read(new VirtualCoreStream(p, cut)));
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.DoesNotContain('\n', e.Message);
            }
        }

        [Fact]
        public void ProgramHeadersPointingOutsideTheFileAreRefused()
        {
            var (prefix, length, _) = RealHeaders();
            byte[] bad = (byte[])prefix.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(32), (ulong)length - 10);
            var e = Assert.Throws<ElfFormatException>(() => ElfCoreFile.Read(new VirtualCoreStream(bad, length)));
            Assert.Contains("outside", e.Message);

            bad = (byte[])prefix.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(32), ulong.MaxValue - 8);
            Assert.Throws<ElfFormatException>(() => ElfCoreFile.Read(new VirtualCoreStream(bad, length)));
        }

        [Fact]
        public void SegmentSizesPastTheEndOfTheFileAreRefused()
        {
            var (prefix, length, core) = RealHeaders();
            int phoff = (int)core.Header.ProgramHeaderOffset;
            int loadIndex = core.ProgramHeaders.ToList().FindIndex(p => p.IsLoad);
            byte[] bad = (byte[])prefix.Clone();
            // p_filesz of the first PT_LOAD (Elf64_Phdr offset 32).
            BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(phoff + loadIndex * 56 + 32), ulong.MaxValue / 2);
            var e = Assert.Throws<ElfFormatException>(() => ElfCoreFile.Read(new VirtualCoreStream(bad, length)));
            Assert.Contains("past the end", e.Message);
        }

        [Fact]
        public void RandomByteCorruptionNeverEscapesAsAnotherException()
        {
            var (prefix, length, _) = RealHeaders();
            var rng = new Random(12345);
            int refused = 0;
            for (int i = 0; i < 3000; i++)
            {
                byte[] bad = (byte[])prefix.Clone();
                int flips = rng.Next(1, 6);
                for (int j = 0; j < flips; j++)
                    bad[rng.Next(Math.Min(bad.Length, 4096))] = (byte)rng.Next(256);
                try
                {
                    ElfCoreFile core = ElfCoreFile.Read(new VirtualCoreStream(bad, length));
                    core.ReadVmcoreInfo();
                }
                catch (ElfFormatException) { refused++; }
                catch (FormatException) { refused++; }
            }
            Assert.True(refused > 0);
        }
    }
}
