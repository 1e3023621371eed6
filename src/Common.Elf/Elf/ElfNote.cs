using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Common.Elf
{
    /// <summary>
    /// One ELF note (Elf_Nhdr followed by name and descriptor). Linux cores pad name and
    /// descriptor to 4 bytes in both ELF classes (fs/proc/kcore.c, kernel/crash_core.c).
    /// </summary>
    public sealed class ElfNote
    {
        public ElfNote(string name, uint type, byte[] descriptor)
        {
            Name = name;
            Type = type;
            Descriptor = descriptor;
        }

        public string Name { get; }
        public uint Type { get; }
        public byte[] Descriptor { get; }

        /// <summary>Bytes this note takes when written, header and padding included.</summary>
        public int EncodedSize => 12 + Align4(Encoding.ASCII.GetByteCount(Name) + 1) + Align4(Descriptor.Length);

        internal static int Align4(int n) => (n + 3) & ~3;

        /// <summary>
        /// Parses every note in a PT_NOTE segment. Trailing zero bytes (the kernel reserves
        /// room per CPU and leaves unused notes zeroed) end the list quietly.
        /// </summary>
        public static List<ElfNote> ParseAll(ReadOnlySpan<byte> data)
        {
            var notes = new List<ElfNote>();
            int pos = 0;
            while (pos + 12 <= data.Length)
            {
                uint nameSize = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos));
                uint descSize = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos + 4));
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos + 8));
                if (nameSize == 0 && descSize == 0 && type == 0) break;
                if (nameSize > int.MaxValue / 2 || descSize > int.MaxValue / 2)
                    throw new ElfFormatException($"note at offset {pos} has an absurd size");
                long nameEnd = pos + 12L + Align4((int)nameSize);
                long descEnd = nameEnd + Align4((int)descSize);
                // The last note's descriptor may lack its padding.
                if (pos + 12L + nameSize > data.Length || nameEnd + descSize > data.Length)
                    throw new ElfFormatException($"note at offset {pos} runs past the end of its segment");
                var nameBytes = data.Slice(pos + 12, (int)nameSize);
                int nul = nameBytes.IndexOf((byte)0);
                if (nul >= 0) nameBytes = nameBytes.Slice(0, nul);
                string name = Encoding.ASCII.GetString(nameBytes.ToArray());
                byte[] desc = data.Slice((int)nameEnd, (int)descSize).ToArray();
                notes.Add(new ElfNote(name, type, desc));
                pos = (int)Math.Min(descEnd, data.Length);
            }
            return notes;
        }

        /// <summary>Writes this note at the start of <paramref name="dest"/>; returns the bytes used.</summary>
        public int Write(Span<byte> dest)
        {
            int size = EncodedSize;
            if (dest.Length < size) throw new ArgumentException("buffer too small for note", nameof(dest));
            dest.Slice(0, size).Clear();
            byte[] name = Encoding.ASCII.GetBytes(Name);
            BinaryPrimitives.WriteUInt32LittleEndian(dest, (uint)(name.Length + 1));
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(4), (uint)Descriptor.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(8), Type);
            name.CopyTo(dest.Slice(12));
            Descriptor.CopyTo(dest.Slice(12 + Align4(name.Length + 1)));
            return size;
        }
    }
}
