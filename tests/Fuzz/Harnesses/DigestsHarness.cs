using Common.DumpFormats;
using Common.DumpFormats.Integrity;

namespace Fuzz.Harnesses
{
    /// <summary>
    /// The digest trailer (docs/makedumpfile.md, "Image digests") as krestore and makedumpfile
    /// check it before they trust an image: the footer, the digest table, every block's digest
    /// and, for a damaged block, the description of what it holds (which parses the image
    /// again). Seeds: our makedumpfile's kdump and ELF output, trailers included.
    /// </summary>
    internal sealed class DigestsHarness : IHarness
    {
        public string Name => "digests";

        public void Run(byte[] input, Scratch scratch)
        {
            string image = scratch.Fresh("image.dump", input);
            // A damaged trailer or block is DumpFormatException, which the tools print as one line.
            try { ImageDigests.Verify(image, "image.dump"); }
            catch (DumpFormatException) { }
        }
    }
}
