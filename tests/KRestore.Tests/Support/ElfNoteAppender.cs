using System;
using System.Collections.Generic;
using System.IO;
using Common.Elf;

namespace KRestore.Tests.Support
{
    /// <summary>
    /// Changes the notes of an ELF core in place: the new notes are written at the end of the
    /// file and PT_NOTE is pointed there (readers follow p_offset). Takes our makedumpfile's
    /// KEXEC_JUMP notes out, so that an image stands for an ELF core of another writer.
    /// </summary>
    internal static class ElfNoteAppender
    {
        /// <summary>Rewrites PT_NOTE without its KEXEC_JUMP notes.</summary>
        public static void RemoveKexecJumpNotes(string path) => Rewrite(path, old =>
        {
            var kept = new List<byte>();
            foreach (ElfNote n in ElfNote.ParseAll(old))
            {
                if (n.Name == KexecJumpNote.NoteName) continue;
                var b = new byte[n.EncodedSize];
                n.Write(b);
                kept.AddRange(b);
            }
            return kept.ToArray();
        });

        private static void Rewrite(string path, Func<byte[], byte[]> change)
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
            byte[] all = change(old);
            f.Position = at;
            f.Write(all);
            ProgramHeader moved = note with { Offset = (ulong)at, FileSize = (ulong)all.Length, MemorySize = (ulong)all.Length };
            var entry = new byte[h.ProgramHeaderEntrySize];
            moved.Write(entry, h.Class);
            f.Position = (long)h.ProgramHeaderOffset + (long)index * h.ProgramHeaderEntrySize;
            f.Write(entry);
        }
    }
}
