using System;
using System.IO;
using Common.Elf;
using Xunit;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>Makes an ELF32 twin of a real ELF64 core, to test ELF32 input on real memory.</summary>
    internal static class Elf32Rewrite
    {
        /// <summary>
        /// Copies the core with ELF32 headers in place of the ELF64 ones; data offsets stay as they
        /// are. The twin stands for another writer's core: it has no digest trailer.
        /// </summary>
        public static void ToElf32(string from, string to)
        {
            File.WriteAllBytes(to, Digestless.Of(from));
            ElfCoreFile core = ElfCoreFile.Read(from);
            ElfClass cls = ElfClass.Elf32;
            var head = new byte[cls.HeaderSize + cls.ProgramHeaderSize * core.ProgramHeaders.Count];
            ElfHeader.WithProgramHeadersAfter(cls, ElfConstants.TypeCore, core.Header.Machine, core.ProgramHeaders.Count).Write(head);
            for (int i = 0; i < core.ProgramHeaders.Count; i++)
            {
                ProgramHeader p = core.ProgramHeaders[i];
                // ELF32 holds 32-bit virtual addresses: keep the low half, as a 32-bit writer would.
                (p with { VirtualAddress = p.VirtualAddress & 0xffffffff })
                    .Write(head.AsSpan(cls.HeaderSize + i * cls.ProgramHeaderSize), cls);
            }
            Assert.True(head.Length <= (int)core.ProgramHeaders[0].Offset, "ELF32 headers would overwrite the notes");
            using FileStream f = File.OpenWrite(to);
            f.Write(head);
        }
    }
}
