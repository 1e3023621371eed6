using System;
using System.IO;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Flattened;
using Common.DumpFormats.Kdump;
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
