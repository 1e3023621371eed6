using System;
using System.IO;
using Common.Elf;

namespace Kexec.Tests.Support
{
    /// <summary>A small x86_64 ELF executable in a temporary file: one PT_LOAD per code block, each at its physical address.</summary>
    internal static class ElfExecutableFile
    {
        public static string Write(ulong entry, params (ulong At, byte[] Code)[] loads)
        {
            const int phOffset = 64, phSize = 56;
            var header = new ElfHeader
            {
                Class = ElfClass.Elf64, Type = ElfConstants.TypeExec, Machine = ElfConstants.MachineX86_64,
                Entry = entry, ProgramHeaderOffset = phOffset, HeaderSize = 64, ProgramHeaderEntrySize = phSize, ProgramHeaderCount = (ushort)loads.Length,
            };
            int dataStart = (phOffset + loads.Length * phSize + 0xfff) & ~0xfff;
            var file = new byte[dataStart + loads.Length * 0x1000];
            header.Write(file);
            for (int i = 0; i < loads.Length; i++)
            {
                int offset = dataStart + i * 0x1000;
                var ph = new ProgramHeader
                {
                    Type = ElfConstants.PtLoad, Flags = ElfConstants.PfR | ElfConstants.PfW | ElfConstants.PfX,
                    Offset = (ulong)offset, VirtualAddress = loads[i].At, PhysicalAddress = loads[i].At,
                    FileSize = (ulong)loads[i].Code.Length, MemorySize = 0x1000, Align = 0x1000,
                };
                ph.Write(file.AsSpan(phOffset + i * phSize), ElfClass.Elf64);
                loads[i].Code.CopyTo(file, offset);
            }
            string path = Path.Combine(Path.GetTempPath(), "kexec-elf-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(path, file);
            return path;
        }
    }
}
