using ToolHost.CommandLine;
using static ToolHost.CommandLine.ArgumentKind;

namespace KRestore.Cli
{
    /// <summary>krestore's options (no C counterpart): the one table --help and docs/krestore.md's list come from.</summary>
    internal static class RestoreOptionTable
    {
        public static readonly OptionTable Table = Build();

        private static OptionSpec O(OptionTable t, string key, char? s, string? l, ArgumentKind a, string help, string? arg = null)
        {
            var o = t.Add(new OptionSpec(key, s, l, a, help) { Compatibility = Compatibility.Extension });
            o.ArgumentName = arg;
            return o;
        }

        private static OptionTable Build()
        {
            var t = new OptionTable("krestore", "(none)");
            O(t, "help", 'h', "help", None, "Show this help.");
            O(t, "version", 'v', "version", None, "Print the version and exit.");
            O(t, "rearrange", 'R', null, None, "Read the image as a flattened stream (makedumpfile -F) from standard input.");
            O(t, "target", null, "target", Required, "Memory to write: file offset = physical address (default /dev/oldmem).", "FILE");
            O(t, "target-core", null, "target-core", Required, "ELF core whose PT_LOADs are the target's RAM (default /proc/vmcore).", "FILE");
            O(t, "target-ranges", null, "target-ranges", Required, "The target's RAM as START-END[,START-END...] (hex, END inclusive)\ninstead of --target-core.", "RANGES");
            O(t, "system-root", null, "system-root", Required, "Root of the running system, for proc/iomem (default /).", "DIR");
            O(t, "temp-dir", null, "temp-dir", Required, "Where a flattened image is rebuilt before it is checked\n(default $TMPDIR or /tmp).", "DIR");
            O(t, "jump-back-entry", null, "jump-back-entry", Required, "Kernel A's jump-back entry (hex), for an image without a KEXEC_JUMP note.", "ADDR");
            O(t, "dry-run", null, "dry-run", None, "Check the image and show what would be written; write nothing.");
            O(t, "force", 'f', "force", None, "Write even when a check fails (dump level, kernel release, ranges);\npages that cannot be written are left out. Never overrides damage\nor missing digests.");
            O(t, "allow-no-digests", null, "allow-no-digests", None, "Restore an image that has no digest trailer (another writer's, or one\nwhose end was lost): its pages cannot be checked for damage.");
            O(t, "check-pages", null, "check-pages", None, "Decode every page before writing anything, also when the image's\ndigests match (then pages are decoded once, while they are written).");
            O(t, "no-verify", null, "no-verify", None, "Do not read the target back after writing.");
            O(t, "json", null, "json", None, "Print the summary as one JSON object.");
            O(t, "message-level", null, "message-level", Required, "Bits: 1 progress, 2 summary, 4 errors, 8 debug (default 7).", "ML");
            O(t, "num-threads", null, "num-threads", Required, "Threads decompressing pages (default: one per CPU).", "N");
            return t;
        }
    }
}
