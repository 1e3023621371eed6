using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Flattened;
using Common.DumpFormats.Kdump;
using Common.Elf;

namespace MakeDumpFile.Output
{
    /// <summary>Opens a memory image by what its first bytes say it is.</summary>
    internal static class DumpInput
    {
        public static IPageSource Open(string path)
        {
            if (!File.Exists(path)) throw new DumpFormatException($"{path}: no such file");
            var head = new byte[16];
            int n;
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                n = f.Read(head, 0, head.Length);
            ReadOnlySpan<byte> h = head.AsSpan(0, n);
            if (ElfHeader.HasMagic(h)) return ElfCorePageSource.Open(path);
            if (DiskDumpHeader.HasSignature(h)) return KdumpPageSource.Open(path);
            if (n >= 12 && System.Text.Encoding.ASCII.GetString(head, 0, 12) == FlattenedFormat.Signature)
                throw new DumpFormatException($"{path} is a flattened dump: rebuild it first with 'makedumpfile -R DUMPFILE < {path}'");
            throw new DumpFormatException($"{path} is neither an ELF core nor a kdump-compressed file");
        }
    }
}
