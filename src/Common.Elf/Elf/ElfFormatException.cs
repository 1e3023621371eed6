using System;

namespace Common.Elf
{
    /// <summary>An ELF file or core is malformed: truncated, inconsistent, or pointing outside itself.</summary>
    public sealed class ElfFormatException : Exception
    {
        public ElfFormatException(string message) : base(message) { }
    }
}
