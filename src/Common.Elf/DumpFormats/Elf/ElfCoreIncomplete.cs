using Common.DumpFormats.Output;
using Common.Elf;

namespace Common.DumpFormats.Elf
{
    /// <summary>
    /// How an ELF core says it could not be finished: makedumpfile's DUMP_ELF_INCOMPLETE, bit 0 of
    /// e_flags (makedumpfile.h). Our writer sets it and every reader of ELF cores tests it.
    /// </summary>
    public static class ElfCoreIncomplete
    {
        public const uint FlagBit = 1;

        public static bool IsSet(ElfHeader header) => (header.Flags & FlagBit) != 0;

        /// <summary>The marker of an ELF core of this class: e_flags lies at a different offset in each class.</summary>
        public static IncompleteMarker Marker(ElfClass cls) => new IncompleteMarker("ELF header (e_flags)", cls.FlagsOffset, FlagBit);
    }
}
