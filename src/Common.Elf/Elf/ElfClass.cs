using System;
using System.Buffers.Binary;

namespace Common.Elf
{
    /// <summary>
    /// One ELF class (e_ident[EI_CLASS]) as data: its word size and where each header field lies.
    /// The field orders are those of Elf32_Ehdr/Elf64_Ehdr, Elf32_Phdr/Elf64_Phdr and
    /// Elf32_Shdr/Elf64_Shdr (System V gABI chapter 4, include/uapi/linux/elf.h). Code that
    /// reads or writes ELF takes one of the two instances instead of branching on a bool.
    /// </summary>
    public sealed class ElfClass
    {
        public static readonly ElfClass Elf32 = new(ElfConstants.ClassElf32, 4, new ProgramHeaderFields(
            Type: 0, Offset: 4, VirtualAddress: 8, PhysicalAddress: 12, FileSize: 16, MemorySize: 20, Flags: 24, Align: 28));

        // Elf64_Phdr moves p_flags up beside p_type so the 8-byte fields stay aligned.
        public static readonly ElfClass Elf64 = new(ElfConstants.ClassElf64, 8, new ProgramHeaderFields(
            Type: 0, Flags: 4, Offset: 8, VirtualAddress: 16, PhysicalAddress: 24, FileSize: 32, MemorySize: 40, Align: 48));

        /// <summary>Where each field of a program header lies, in bytes from its start.</summary>
        public sealed record ProgramHeaderFields(int Type, int Flags, int Offset, int VirtualAddress, int PhysicalAddress,
                                                 int FileSize, int MemorySize, int Align);

        private ElfClass(byte id, int wordSize, ProgramHeaderFields phdr)
        {
            Id = id;
            WordSize = wordSize;
            ProgramHeader = phdr;
        }

        /// <summary>The e_ident[EI_CLASS] byte: ELFCLASS32 or ELFCLASS64.</summary>
        public byte Id { get; }
        /// <summary>Size of an address or offset field (ElfN_Addr, ElfN_Off) in bytes.</summary>
        public int WordSize { get; }
        public bool Is64 => WordSize == 8;
        public string Name => Is64 ? "ELF64" : "ELF32";
        public ProgramHeaderFields ProgramHeader { get; }

        // The header: e_ident (16), e_type, e_machine (2 each), e_version (4), then e_entry, e_phoff,
        // e_shoff of one word each, then e_flags (4) and six 2-byte fields.
        public int EntryOffset => 24;
        public int ProgramHeaderOffsetOffset => 24 + WordSize;
        public int SectionHeaderOffsetOffset => 24 + 2 * WordSize;
        /// <summary>Offset of e_flags (36 in ELF32, 48 in ELF64).</summary>
        public int FlagsOffset => 24 + 3 * WordSize;
        /// <summary>Offset of e_ehsize; e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx follow it, 2 bytes each.</summary>
        public int HeaderSizeOffset => FlagsOffset + 4;
        /// <summary>sizeof(ElfN_Ehdr): 52 or 64.</summary>
        public int HeaderSize => HeaderSizeOffset + 12;
        /// <summary>sizeof(ElfN_Phdr): 8 words in ELF64, 8 four-byte fields in ELF32 (32 or 56).</summary>
        public int ProgramHeaderSize => Is64 ? 56 : 32;

        // ElfN_Shdr: sh_name, sh_type (4 each), then sh_flags, sh_addr, sh_offset, sh_size of one
        // word each, then sh_link, sh_info (4 each), then sh_addralign, sh_entsize of one word each.
        public int SectionSizeOffset => 8 + 3 * WordSize;
        public int SectionInfoOffset => 8 + 4 * WordSize + 4;
        /// <summary>sizeof(ElfN_Shdr): 40 or 64.</summary>
        public int SectionHeaderSize => 16 + 6 * WordSize;

        /// <summary>The class an e_ident[EI_CLASS] byte names, or null for any other byte.</summary>
        public static ElfClass? FromId(byte id) => id switch
        {
            ElfConstants.ClassElf32 => Elf32,
            ElfConstants.ClassElf64 => Elf64,
            _ => null,
        };

        /// <summary>Reads a word-sized field (address, offset, size) little-endian.</summary>
        public ulong ReadWord(ReadOnlySpan<byte> data, int offset) =>
            Is64 ? BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset));

        /// <summary>Writes a word-sized field; a value that does not fit ELF32 is an error, never truncated.</summary>
        public void WriteWord(Span<byte> dest, int offset, ulong value, string field)
        {
            if (Is64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(offset), value);
                return;
            }
            if (value > uint.MaxValue) throw new ElfFormatException($"{field} 0x{value:x} does not fit an ELF32 file");
            BinaryPrimitives.WriteUInt32LittleEndian(dest.Slice(offset), (uint)value);
        }

        public override string ToString() => Name;
    }
}
