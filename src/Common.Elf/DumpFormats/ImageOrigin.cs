using Common.Elf;

namespace Common.DumpFormats
{
    /// <summary>
    /// What an image's own headers say about where it came from and how it is laid out, for the
    /// code that keeps the input's form in its output or its messages, so that nobody needs to
    /// ask which concrete <see cref="IPageSource"/> it holds.
    /// </summary>
    public sealed record ImageOrigin
    {
        /// <summary>How messages name the image: its path, or a description.</summary>
        public string Name { get; init; } = "the input";

        /// <summary>The dumped machine as an ELF e_machine (an ELF core's own, a kdump header's utsname.machine); null when the image does not say.</summary>
        public ushort? Machine { get; init; }

        /// <summary>The ELF class of an ELF core; null for any other format.</summary>
        public ElfClass? ElfClass { get; init; }

        /// <summary>An ELF core's first PT_NOTE header, whose fields an ELF output keeps; null for other formats.</summary>
        public ProgramHeader? ElfNoteHeader { get; init; }

        /// <summary>
        /// True when zero pages left out by dump level bit 0 are still present (a kdump file
        /// stores them as references to one zero page); false when they are absent like free
        /// pages (an ELF core drops them).
        /// </summary>
        public bool KeepsExcludedZeroPages { get; init; }

        public bool IsElfCore => ElfClass != null;
    }
}
