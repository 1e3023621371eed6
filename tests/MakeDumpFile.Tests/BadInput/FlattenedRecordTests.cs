using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.BadInput
{
    /// <summary>
    /// -R of flattened streams whose records were changed (issue 12): an offset near 2^50 was an
    /// uncaught ArgumentOutOfRangeException (EFBIG), one at 2^42 made a 4 TiB sparse "dump",
    /// and a record written twice passed. Real streams of all three writers still rebuild.
    /// </summary>
    [Collection("vmcore")]
    public sealed class FlattenedRecordTests : IClassFixture<FlattenedRecordTests.Stream>
    {
        /// <summary>Our -F -c -d 31 of the 6.12 vmcore, split into its records.</summary>
        public sealed class Stream : IDisposable
        {
            public Stream()
            {
                Tools.MustSucceed(Tools.Ours($"-F -c -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\"", stdoutFile: Scratch.File("stream")), "-F");
                byte[] all = File.ReadAllBytes(Scratch.File("stream"));
                Header = all.AsSpan(0, 4096).ToArray();
                int at = 4096;
                while (true)
                {
                    long offset = BinaryPrimitives.ReadInt64BigEndian(all.AsSpan(at));
                    long size = BinaryPrimitives.ReadInt64BigEndian(all.AsSpan(at + 8));
                    if (offset == -1 && size == -1) break;
                    Records.Add((offset, all.AsSpan(at + 16, (int)size).ToArray()));
                    at += 16 + (int)size;
                }
            }

            public Scratch Scratch { get; } = new Scratch();
            public byte[] Header { get; }
            public List<(long Offset, byte[] Data)> Records { get; } = new List<(long, byte[])>();

            public byte[] Encode(IEnumerable<(long Offset, byte[] Data)> records)
            {
                var ms = new MemoryStream();
                ms.Write(Header);
                var rec = new byte[16];
                foreach ((long offset, byte[] data) in records)
                {
                    BinaryPrimitives.WriteInt64BigEndian(rec, offset);
                    BinaryPrimitives.WriteInt64BigEndian(rec.AsSpan(8), data.Length);
                    ms.Write(rec);
                    ms.Write(data);
                }
                BinaryPrimitives.WriteInt64BigEndian(rec, -1);
                BinaryPrimitives.WriteInt64BigEndian(rec.AsSpan(8), -1);
                ms.Write(rec);
                return ms.ToArray();
            }

            public void Dispose() => Scratch.Dispose();
        }

        private readonly Stream _s;
        public FlattenedRecordTests(Stream s) { _s = s; }

        private static void AssertRefused(byte[] stream, string what, params string[] expect)
        {
            using var s = new Scratch();
            File.WriteAllBytes(s.File("in"), stream);
            Tools.Result r = Tools.Ours($"-R \"{s.File("out")}\"", stdinFile: s.File("in"));
            Assert.True(r.ExitCode == 1, $"{what}: exit code {r.ExitCode}\n{r.Stderr}");
            string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1 && lines[0].StartsWith("makedumpfile: ") && expect.Any(lines[0].Contains), $"{what}: {r.Stderr}");
            Assert.Equal(new[] { "in" }, Directory.GetFiles(s.Dir).Select(Path.GetFileName).ToArray());
        }

        private byte[] WithLastRecordAt(long offset) =>
            _s.Encode(_s.Records.Take(_s.Records.Count - 1).Append((offset, _s.Records[^1].Data)));

        [Fact]
        // EFBIG on file systems whose files end below 2^50 (ext4: 16 TiB), else the hole check.
        public void RecordNearTheLargestOffsetIsOneErrorLine() =>
            AssertRefused(WithLastRecordAt((1L << 50) - (1L << 20)), "offset near 2^50", "largest file", "unwritten");

        [Fact]
        public void RecordFarBeyondTheRestLeavesNoSparseDump() =>
            AssertRefused(WithLastRecordAt(1L << 42), "offset 2^42", "unwritten");

        [Fact]
        public void RecordWrittenTwiceIsRefused()
        {
            int k = _s.Records.Count / 2;
            var twice = _s.Records.Take(k + 1).Append(_s.Records[k]).Concat(_s.Records.Skip(k + 1));
            AssertRefused(_s.Encode(twice), "record repeated", "overlaps");
            // Partly overlapping: the same record moved back by one byte.
            var shifted = _s.Records.Take(k + 1).Append((_s.Records[k].Offset - 1, _s.Records[k].Data.AsSpan(0, 2).ToArray())).Concat(_s.Records.Skip(k + 1));
            AssertRefused(_s.Encode(shifted), "record overlapping by one byte", "overlaps");
        }

        [Fact]
        public void RealStreamsStillRebuild()
        {
            using var s = new Scratch();
            // Records in another order still describe the same file: accepted, and the same bytes.
            File.WriteAllBytes(s.File("reversed"), _s.Encode(Enumerable.Reverse(_s.Records)));
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("a")}\"", stdinFile: _s.Scratch.File("stream")), "-R of our stream");
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("b")}\"", stdinFile: s.File("reversed")), "-R of the reversed stream");
            Assert.True(File.ReadAllBytes(s.File("a")).AsSpan().SequenceEqual(File.ReadAllBytes(s.File("b"))), "reordered records rebuilt other bytes");
            // makedumpfile 1.7.2's -F (of our -E file: 1.7.2 cannot read QEMU's ELF layout), and
            // QEMU's own flattened kdump file.
            Tools.MustSucceed(Tools.Ours($"-E -d 31 --message-level 0 \"{Fixtures.Ours612Elf}\" \"{s.File("small.elf")}\""), "-E");
            Tools.MustSucceed(Tools.Debian($"-F -c -d 31 \"{s.File("small.elf")}\"", stdoutFile: s.File("theirs")), "makedumpfile 1.7.2 -F");
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("c")}\"", stdinFile: s.File("theirs")), "-R of 1.7.2's stream");
            Tools.MustSucceed(Tools.Ours($"-R \"{s.File("d")}\"", stdinFile: Fixtures.Ours612KdumpFlat), "-R of QEMU's stream");
        }
    }
}
