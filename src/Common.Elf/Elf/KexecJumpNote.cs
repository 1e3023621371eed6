using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Common.DumpFormats.Integrity;

namespace Common.Elf
{
    /// <summary>
    /// What resuming a saved image needs that the image's other notes do not say: an ELF note
    /// named "KEXEC_JUMP" (our format, documented in docs/krestore.md). Dump writers put it in the
    /// notes they copy into an image (ELF PT_NOTE, or the kdump note area):
    /// type 1: the jump-back entry, a little-endian 64-bit physical address (the value kernel B
    /// got as kexec_jump_back_entry=, i.e. kernel A's resume point in A's control page);
    /// type 2: the dump level (-d) the image was filtered with, little-endian 32-bit, which an
    /// ELF image has no header field for;
    /// type 3: the image ends with a digest trailer (docs/makedumpfile.md, "Image digests"):
    /// little-endian u32 algorithm and u32 block size, so that a reader knows a lost trailer
    /// is a lost end of the file. A writer replaces these notes rather than copying its input's.
    /// </summary>
    public sealed class KexecJumpNote
    {
        public const string NoteName = "KEXEC_JUMP";
        public const uint TypeJumpBackEntry = 1;
        public const uint TypeDumpLevel = 2;
        public const uint TypeDigests = 3;
        private const int DigestsAlgorithmOffset = 0;
        private const int DigestsBlockSizeOffset = 4;
        private const int DigestsSize = 8;

        public ulong? JumpBackEntry { get; set; }
        public int? DumpLevel { get; set; }
        /// <summary>Type 3: how the image's digest trailer was made, when it has one.</summary>
        public DigestParameters? Digests { get; set; }

        public bool IsEmpty => JumpBackEntry == null && DumpLevel == null && Digests == null;

        /// <summary>The notes to append to an image's note area (none for an empty value).</summary>
        public IReadOnlyList<ElfNote> ToNotes()
        {
            var list = new List<ElfNote>();
            if (JumpBackEntry.HasValue)
            {
                var d = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(d, JumpBackEntry.Value);
                list.Add(new ElfNote(NoteName, TypeJumpBackEntry, d));
            }
            if (DumpLevel.HasValue)
            {
                var d = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(d, DumpLevel.Value);
                list.Add(new ElfNote(NoteName, TypeDumpLevel, d));
            }
            if (Digests.HasValue)
            {
                var d = new byte[DigestsSize];
                BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(DigestsAlgorithmOffset), (uint)Digests.Value.Algorithm);
                BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(DigestsBlockSizeOffset), (uint)Digests.Value.BlockSize);
                list.Add(new ElfNote(NoteName, TypeDigests, d));
            }
            return list;
        }

        /// <summary>The encoded notes, ready to append to a note area.</summary>
        public byte[] Encode()
        {
            IReadOnlyList<ElfNote> notes = ToNotes();
            int size = 0;
            foreach (ElfNote n in notes) size += n.EncodedSize;
            var buffer = new byte[size];
            int at = 0;
            foreach (ElfNote n in notes) at += n.Write(buffer.AsSpan(at));
            return buffer;
        }

        /// <summary>Finds KEXEC_JUMP notes among parsed notes; the last of each type wins. Throws on a malformed descriptor.</summary>
        public static KexecJumpNote Find(IEnumerable<ElfNote> notes)
        {
            var result = new KexecJumpNote();
            foreach (ElfNote n in notes)
            {
                if (n.Name != NoteName) continue;
                if (n.Type == TypeJumpBackEntry)
                {
                    if (n.Descriptor.Length != 8) throw new ElfFormatException($"KEXEC_JUMP note type 1 has {n.Descriptor.Length} bytes, expected 8");
                    result.JumpBackEntry = BinaryPrimitives.ReadUInt64LittleEndian(n.Descriptor);
                }
                else if (n.Type == TypeDumpLevel)
                {
                    if (n.Descriptor.Length != 4) throw new ElfFormatException($"KEXEC_JUMP note type 2 has {n.Descriptor.Length} bytes, expected 4");
                    int level = BinaryPrimitives.ReadInt32LittleEndian(n.Descriptor);
                    if (level < 0 || level > 31) throw new ElfFormatException($"KEXEC_JUMP note gives dump level {level}, not 0-31");
                    result.DumpLevel = level;
                }
                else if (n.Type == TypeDigests)
                {
                    if (n.Descriptor.Length != DigestsSize) throw new ElfFormatException($"KEXEC_JUMP note type 3 has {n.Descriptor.Length} bytes, expected {DigestsSize}");
                    var p = new DigestParameters((DigestAlgorithm)BinaryPrimitives.ReadUInt32LittleEndian(n.Descriptor.AsSpan(DigestsAlgorithmOffset)),
                        (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(n.Descriptor.AsSpan(DigestsBlockSizeOffset)), int.MaxValue));
                    string? problem = p.Problem();
                    if (problem != null) throw new ElfFormatException("KEXEC_JUMP note type 3: " + problem);
                    result.Digests = p;
                }
            }
            return result;
        }

        /// <summary>Parses a raw note area and finds the KEXEC_JUMP notes in it.</summary>
        public static KexecJumpNote Find(ReadOnlySpan<byte> noteArea) => Find(ElfNote.ParseAll(noteArea));
    }
}
