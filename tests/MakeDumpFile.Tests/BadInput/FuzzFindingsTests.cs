using System;
using System.Buffers.Binary;
using System.IO;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.BadInput
{
    /// <summary>Inputs the fuzzer (tests/Fuzz) found that makedumpfile did not answer with its one error line.</summary>
    public sealed class FuzzFindingsTests
    {
        /// <summary>
        /// System.CommandLine read an argument "@PATH" as a response file and died with an
        /// unhandled UnauthorizedAccessException on a directory (harness numbers). Our getopt_long
        /// (ToolHost) has no response files: it is an ordinary argument (here the only path given,
        /// so DUMPFILE is missing; makedumpfile exits 1 for every failure).
        /// </summary>
        [Fact]
        public void Argument_starting_with_at_is_no_response_file()
        {
            using var s = new Scratch();
            string dir = s.File("dir");
            Directory.CreateDirectory(dir);
            Tools.Result r = Tools.Ours($"-d 31 -l \"@{dir}\"");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("makedumpfile: expected VMCORE and DUMPFILE", r.Stderr);
            Assert.DoesNotContain("Unhandled", r.Stderr);
        }

        /// <summary>
        /// Harness elf-core: one PT_LOAD of 16 KiB at physical 0x757000000000 (2^35 page frames)
        /// made DumpFilter allocate a page bitmap of 4 GiB and die with an unhandled
        /// OverflowException. Bitmaps stop at 2^33 frames now; beyond, one error line.
        /// </summary>
        [Fact]
        public void Pt_load_beyond_what_a_page_bitmap_holds_is_one_error_line()
        {
            using var s = new Scratch();
            string core = s.File("high.elf");
            File.WriteAllBytes(core, ElfCoreWithOneLoad(0x757000000000UL, 16384));
            Tools.Result r = Tools.Ours($"-l -d 1 --message-level 4 \"{core}\" \"{s.File("out")}\"");
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("makedumpfile: the image describes page frames up to 0x757000004, more than the 0x200000000 (32 TiB of 4 KiB pages) a page bitmap holds", r.Stderr.Trim());
            Assert.False(File.Exists(s.File("out")));
        }

        /// <summary>An x86_64 ELF core (ELF-64 Object File Format: Ehdr 64, Phdr 56 bytes) with one PT_LOAD of zero bytes.</summary>
        private static byte[] ElfCoreWithOneLoad(ulong paddr, int size)
        {
            const int data = 4096;
            var f = new byte[data + size];
            new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(f, 0);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), 4); // ET_CORE
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), 62); // EM_X86_64
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(20), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(32), 64); // e_phoff
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(52), 64);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(54), 56);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(56), 1);
            Span<byte> p = f.AsSpan(64);
            BinaryPrimitives.WriteUInt32LittleEndian(p, 1); // PT_LOAD
            BinaryPrimitives.WriteUInt32LittleEndian(p.Slice(4), 7);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(8), data);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(24), paddr);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(32), (ulong)size);
            BinaryPrimitives.WriteUInt64LittleEndian(p.Slice(40), (ulong)size);
            return f;
        }
    }
}
