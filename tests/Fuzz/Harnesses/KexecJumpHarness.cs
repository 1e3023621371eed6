using System;
using System.Buffers.Binary;
using Common.Elf;

namespace Fuzz.Harnesses
{
    /// <summary>
    /// KEXEC_JUMP notes and kernel A's kexec entry list (docs/krestore.md, Common.Elf JumpBackMap).
    /// Input: a little-endian u16 N, N bytes of note area, then physical memory that the harness
    /// places at 16 MiB (kernel B's range in the bench, so krestore follows the list) in an ELF
    /// core. The note's jump-back entry names A's control page in that memory, whose word at
    /// 0x830 heads the entry list. makedumpfile reads the core through the list
    /// (--jump-back-entry) and krestore plans a restore with it.
    /// </summary>
    internal sealed class KexecJumpHarness : IHarness
    {
        public const ulong MemoryAt = 0x1000000;

        public string Name => "kexec-jump";

        public void Run(byte[] input, Scratch scratch)
        {
            if (input.Length < 2) return;
            int n = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(input), input.Length - 2);
            ReadOnlySpan<byte> notes = input.AsSpan(2, n);
            ReadOnlySpan<byte> memory = input.AsSpan(2 + n);
            ulong? entry = null;
            try { entry = KexecJumpNote.Find(notes).JumpBackEntry; }
            catch (ElfFormatException) { }
            string core = scratch.Fresh("jump.elf", CoreFile.Build(notes, memory, MemoryAt));
            ImageChecks.Run(core, scratch, entry);
        }
    }
}
