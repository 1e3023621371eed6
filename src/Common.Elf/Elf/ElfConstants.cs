namespace Common.Elf
{
    /// <summary>Numbers from the ELF specification (System V gABI) and include/uapi/linux/elf.h.</summary>
    public static class ElfConstants
    {
        public const int IdentSize = 16;
        /// <summary>e_ident[EI_CLASS].</summary>
        public const int ClassOffset = 4;
        public const byte ClassElf32 = 1;
        public const byte ClassElf64 = 2;
        public const byte DataLittleEndian = 1;
        public const byte CurrentVersion = 1;

        public const ushort TypeExec = 2;
        public const ushort TypeDyn = 3;
        public const ushort TypeCore = 4;

        public const ushort MachineI386 = 3;
        public const ushort MachineX86_64 = 62;

        public const uint PtNull = 0;
        public const uint PtLoad = 1;
        public const uint PtNote = 4;

        public const uint PfX = 1;
        public const uint PfW = 2;
        public const uint PfR = 4;

        /// <summary>Program header count escape: the real count is in section header 0's sh_info.</summary>
        public const ushort PnXnum = 0xffff;

        public const uint NtPrStatus = 1;
        public const uint NtPrPsInfo = 3;
        public const uint NtTaskStruct = 4;
        public const uint NtAuxv = 6;
    }
}
