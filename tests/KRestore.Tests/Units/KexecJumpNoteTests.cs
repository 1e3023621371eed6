using Common.Elf;
using Xunit;

namespace KRestore.Tests.Units
{
    public sealed class KexecJumpNoteTests
    {
        [Fact]
        public void Note_round_trips_through_a_note_area_with_other_notes()
        {
            byte[] area = new KexecJumpNote { JumpBackEntry = 0x80000f2, DumpLevel = 17 }.Encode();
            var other = new ElfNote("VMCOREINFO", 0, System.Text.Encoding.ASCII.GetBytes("OSRELEASE=6.12\n"));
            var all = new byte[other.EncodedSize + area.Length];
            int at = other.Write(all);
            area.CopyTo(all, at);
            KexecJumpNote n = KexecJumpNote.Find(all);
            Assert.Equal(0x80000f2UL, n.JumpBackEntry);
            Assert.Equal(17, n.DumpLevel);
            Assert.True(KexecJumpNote.Find(other.Encode()).IsEmpty);
        }

        [Fact]
        public void Malformed_descriptors_are_errors()
        {
            Assert.Throws<ElfFormatException>(() => KexecJumpNote.Find(new[] { new ElfNote("KEXEC_JUMP", 1, new byte[4]) }));
            Assert.Throws<ElfFormatException>(() => KexecJumpNote.Find(new[] { new ElfNote("KEXEC_JUMP", 2, new byte[] { 99, 0, 0, 0 }) }));
        }
    }

    internal static class ElfNoteExtensions
    {
        public static byte[] Encode(this ElfNote note)
        {
            var b = new byte[note.EncodedSize];
            note.Write(b);
            return b;
        }
    }
}
