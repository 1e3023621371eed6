using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Common.DumpFormats;
using Common.Elf;

namespace MakeDumpFile.Jump
{
    /// <summary>
    /// The notes an output image carries: the input's notes byte for byte, less any KEXEC_JUMP
    /// note, followed by our own KEXEC_JUMP notes (docs/krestore.md, "The KEXEC_JUMP note"):
    /// type 2 (dump level) always, type 1 (jump-back entry) when there is one.
    /// </summary>
    internal sealed class OutputNotes
    {
        private readonly byte[] _kept;
        private readonly byte[] _tail;

        private OutputNotes(byte[] kept, byte[] tail, KexecJumpNote input)
        {
            _kept = kept;
            _tail = tail;
            Input = input;
        }

        /// <summary>What the input's own KEXEC_JUMP notes said (empty when it had none).</summary>
        public KexecJumpNote Input { get; }

        /// <summary>
        /// Splits raw notes (Elf_Nhdr, name and descriptor padded to 4 bytes). Bytes the walk
        /// cannot parse (a kernel's zeroed per-CPU room, say) are kept as they are.
        /// </summary>
        public static OutputNotes Split(byte[] notes)
        {
            var kept = new List<byte>(notes.Length);
            var jump = new List<ElfNote>();
            int at = 0;
            while (at + 12 <= notes.Length)
            {
                uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(notes.AsSpan(at));
                uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(notes.AsSpan(at + 4));
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(notes.AsSpan(at + 8));
                if (namesz == 0 && descsz == 0 && type == 0) break; // zeroed room: the end of the notes
                if (namesz > (uint)notes.Length || descsz > (uint)notes.Length) break;
                long nameEnd = at + 12L + ((namesz + 3) & ~3u);
                long descEnd = nameEnd + ((descsz + 3) & ~3u);
                if (descEnd > notes.Length) break;
                int nameLen = (int)namesz;
                while (nameLen > 0 && notes[at + 12 + nameLen - 1] == 0) nameLen--;
                string name = Encoding.ASCII.GetString(notes, at + 12, nameLen);
                if (name == KexecJumpNote.NoteName)
                    jump.Add(new ElfNote(name, type, notes.AsSpan((int)nameEnd, (int)descsz).ToArray()));
                else
                    kept.AddRange(new ArraySegment<byte>(notes, at, (int)(descEnd - at)));
                at = (int)descEnd;
            }
            byte[] tail = notes.AsSpan(at).ToArray();
            KexecJumpNote input;
            try { input = KexecJumpNote.Find(jump); }
            catch (ElfFormatException e) { throw new DumpFormatException("the input's " + e.Message); }
            return new OutputNotes(kept.ToArray(), tail, input);
        }

        /// <summary>
        /// The kept notes, then ours, then whatever the walk could not parse: readers stop at a
        /// zeroed header, so ours must come before such a tail.
        /// </summary>
        public byte[] With(KexecJumpNote ours)
        {
            byte[] extra = ours.Encode();
            var result = new byte[_kept.Length + extra.Length + _tail.Length];
            _kept.CopyTo(result, 0);
            extra.CopyTo(result, _kept.Length);
            _tail.CopyTo(result, _kept.Length + extra.Length);
            return result;
        }
    }
}
