using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Jump;
using MakeDumpFile.Output;

namespace MakeDumpFile.Integrity
{
    /// <summary>
    /// Our own images as input (re-filtering, --split, --dump-dmesg, --mem-usage, --reassemble, -R):
    /// checked against their digest trailer before anything else reads them, and refused when
    /// damaged. Inputs without a trailer (vmcores, other writers' files) are read as they are.
    /// </summary>
    internal static class InputDigests
    {
        /// <summary>Verifies <paramref name="path"/> when it ends with a digest trailer; throws DumpFormatException when damaged.</summary>
        public static DigestCheck Check(string path, Messages m)
        {
            if (JumpInput.IsProcVmcore(path)) return ImageDigests.NotChecked;
            DigestCheck c = ImageDigests.Verify(path, path);
            if (c.Verified) m.DebugText($"{path}: the digests of all {c.BlocksChecked} blocks match\n");
            return c;
        }

        /// <summary>
        /// After opening an input that had no trailer: when its KEXEC_JUMP note says it was written
        /// with one, the file lost its end or was rewritten by a tool that drops it (makedumpfile
        /// 1.7.2 re-filtering our image keeps our notes but not the trailer). Said, not refused: the
        /// format's own checks catch pages past the end; krestore refuses such images.
        /// </summary>
        public static void WarnIfLost(DigestCheck check, IPageSource source, string path, Messages m)
        {
            if (check.Verified || !ImageDigests.AnnouncedIn(source.Notes)) return;
            bool incomplete = source switch
            {
                KdumpPageSource k => k.IsIncomplete,
                ElfCorePageSource e => e.IsIncomplete,
                _ => false,
            };
            m.Info(incomplete
                ? $"WARNING: {path} is marked incomplete and has no digests: its pages are not checked\n"
                : $"WARNING: {path} says it was written with digests but has no digest trailer (truncated, or rewritten by another tool): its pages are not checked\n");
        }
    }
}
