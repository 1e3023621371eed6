using System;
using System.Collections.Generic;
using System.IO;
using Common.Elf;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// Adds notes to an ELF core in place: the old notes plus the new ones are written at the end
    /// of the file and PT_NOTE is pointed there (readers follow p_offset). Stands in for the
    /// KEXEC_JUMP note our makedumpfile is to write (docs/krestore.md).
    /// </summary>
    internal static class ElfNoteAppender
    {
        public static void Append(string path, byte[] notes)
        {
            ElfCoreFile core = ElfCoreFile.Read(path);
            ElfHeader h = core.Header;
            int index = -1;
            for (int i = 0; i < core.ProgramHeaders.Count; i++)
                if (core.ProgramHeaders[i].IsNote) { index = i; break; }
            if (index < 0) throw new InvalidOperationException(path + " has no PT_NOTE");
            ProgramHeader note = core.ProgramHeaders[index];
            using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            var old = new byte[note.FileSize];
            f.Position = (long)note.Offset;
            f.ReadExactly(old);
            long at = (f.Length + 7) & ~7L;
            var all = new List<byte>(old);
            all.AddRange(notes);
            f.Position = at;
            f.Write(all.ToArray());
            ProgramHeader moved = note with { Offset = (ulong)at, FileSize = (ulong)all.Count, MemorySize = (ulong)all.Count };
            var entry = new byte[h.ProgramHeaderEntrySize];
            moved.Write(entry, h.Is64);
            f.Position = (long)h.ProgramHeaderOffset + (long)index * h.ProgramHeaderEntrySize;
            f.Write(entry);
        }
    }
}
