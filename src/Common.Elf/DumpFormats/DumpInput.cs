using System;
using System.IO;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Flattened;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Kdump;
using Common.DumpFormats.Output;
using Common.Elf;

namespace Common.DumpFormats
{
    /// <summary>Opens a memory image by what its first bytes say it is (shared by makedumpfile and krestore).</summary>
    public static class DumpInput
    {
        public static IPageSource Open(string path)
        {
            if (!File.Exists(path)) throw new DumpFormatException($"{path}: no such file");
            byte[] head = ReadHead(path, out int n);
            ReadOnlySpan<byte> h = head.AsSpan(0, n);
            if (ElfHeader.HasMagic(h)) return ElfCorePageSource.Open(path);
            if (DiskDumpHeader.HasSignature(h)) return KdumpPageSource.Open(path);
            if (IsFlattened(h))
                throw new DumpFormatException($"{path} is a flattened dump: rebuild it first with 'makedumpfile -R DUMPFILE < {path}'");
            throw new DumpFormatException($"{path} is neither an ELF core nor a kdump-compressed file");
        }

        /// <summary>
        /// Opens a flattened file (makedumpfile -F, QEMU's dump-guest-memory -z/-l/-s output) as
        /// the dump it describes, without a separate -R step: rebuilt once into a temporary file in
        /// <paramref name="tempDir"/>, which is unlinked as soon as it is open.
        /// </summary>
        public static IPageSource OpenFlattened(string path, string tempDir)
        {
            using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return OpenThroughTemporaryFile(sink => FlattenedReader.Rebuild(input, sink), tempDir, path);
        }

        /// <summary>
        /// A dump made by <paramref name="write"/> into a temporary file of <paramref name="tempDir"/>,
        /// checked against its digest trailer when it has one (refused when damaged), opened, then
        /// unlinked at once (the open handle keeps it readable; nothing is left behind).
        /// </summary>
        public static IPageSource OpenThroughTemporaryFile(Action<IDumpSink> write, string tempDir, string what)
        {
            if (!Directory.Exists(tempDir)) throw new DumpFormatException($"{what}: the folder for its rebuilt copy, {tempDir}, does not exist");
            string file = Path.Combine(tempDir, $".kexec-jump-input-{Guid.NewGuid():N}.dump");
            var sink = new FileDumpSink(file);
            try
            {
                write(sink);
                // A rebuilt stream of ours carries its digest trailer: checked before the copy is read.
                sink.Commit(rebuilt => ImageDigests.Verify(rebuilt, what));
            }
            catch (DiskFullException e)
            {
                sink.Abandon();
                throw new DumpFormatException($"{what}: no room for its rebuilt copy in {tempDir} ({e.Message})");
            }
            catch
            {
                sink.Abandon();
                throw;
            }
            try
            {
                return Open(file);
            }
            finally
            {
                File.Delete(file);
            }
        }

        /// <summary>True when the file starts like makedumpfile's flattened format (-F).</summary>
        public static bool IsFlattened(string path)
        {
            byte[] head = ReadHead(path, out int n);
            return IsFlattened(head.AsSpan(0, n));
        }

        private static bool IsFlattened(ReadOnlySpan<byte> head) =>
            head.Length >= FlattenedFormat.Signature.Length &&
            System.Text.Encoding.ASCII.GetString(head.Slice(0, FlattenedFormat.Signature.Length).ToArray()) == FlattenedFormat.Signature;

        private static byte[] ReadHead(string path, out int n)
        {
            var head = new byte[16];
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                n = 0;
                int r;
                while (n < head.Length && (r = f.Read(head, n, head.Length - n)) > 0) n += r;
            }
            return head;
        }
    }
}
