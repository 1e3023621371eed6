namespace Fuzz.Harnesses
{
    /// <summary>
    /// A memory image file as the tools get it: elf-core (ELF core headers, PT_LOADs, notes),
    /// kdump (disk_dump_header, sub-header, bitmaps, page descriptors, compressed pages) and
    /// flattened (makedumpfile -F records). The three differ in their seeds; the reader picks the
    /// format by the first bytes as the tools do.
    /// </summary>
    internal sealed class ImageHarness : IHarness
    {
        private readonly string _fileName;

        public ImageHarness(string name, string fileName)
        {
            Name = name;
            _fileName = fileName;
        }

        public string Name { get; }

        public void Run(byte[] input, Scratch scratch) => ImageChecks.Run(scratch.Fresh(_fileName, input), scratch);
    }
}
