using System;
using System.Buffers.Binary;
using System.Text;

namespace MakeDumpFile.Output
{
    /// <summary>Walks raw ELF notes (Elf64_Nhdr: namesz, descsz, type, name and descriptor padded to 4).</summary>
    internal static class NoteArea
    {
        /// <summary>Offset and size of the VMCOREINFO descriptor inside the notes, if any.</summary>
        public static (int Offset, int Size)? FindVmcoreinfo(byte[] notes)
        {
            (int, int)? found = null;
            Walk(notes, (name, type, descOffset, descSize) =>
            {
                if (name == "VMCOREINFO") found = (descOffset, descSize);
            });
            return found;
        }

        /// <summary>Number of NT_PRSTATUS notes: one per CPU that was online (makedumpfile's get_nr_cpus()).</summary>
        public static int CountCpus(byte[] notes)
        {
            int n = 0;
            Walk(notes, (name, type, o, s) => { if (type == 1 && name == "CORE") n++; });
            return Math.Max(1, n);
        }

        private static void Walk(byte[] notes, Action<string, uint, int, int> visit)
        {
            int at = 0;
            while (at + 12 <= notes.Length)
            {
                uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(notes.AsSpan(at));
                uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(notes.AsSpan(at + 4));
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(notes.AsSpan(at + 8));
                long nameEnd = at + 12L + ((namesz + 3) & ~3u);
                long descEnd = nameEnd + ((descsz + 3) & ~3u);
                if (namesz > (uint)notes.Length || descsz > (uint)notes.Length || descEnd > notes.Length) return;
                int nameLen = (int)namesz;
                while (nameLen > 0 && notes[at + 12 + nameLen - 1] == 0) nameLen--;
                string name = Encoding.ASCII.GetString(notes, at + 12, nameLen);
                visit(name, type, (int)nameEnd, (int)descsz);
                at = (int)descEnd;
            }
        }
    }
}
