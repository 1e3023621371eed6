using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using KRestore.Planning;
using ToolHost.Output;

namespace KRestore.Output
{
    /// <summary>The result of a run, printed as text lines or as one JSON object (--json).</summary>
    internal sealed class Summary
    {
        public string Image { get; set; } = "";
        public string Format { get; set; } = "";
        public int? DumpLevel { get; set; }
        public int PageSize { get; set; }
        public string Target { get; set; } = "";
        public bool DryRun { get; set; }
        public PageCounts Pages { get; set; } = new PageCounts();
        public ulong BytesWritten { get; set; }
        /// <summary>null: not verified (--no-verify or --dry-run).</summary>
        public bool? Verified { get; set; }
        public ulong PagesDiffering { get; set; }
        public ulong? FirstDifference { get; set; }
        public ulong? JumpBackEntry { get; set; }
        /// <summary>Blocks whose digests matched, or null for an image without digests (--allow-no-digests).</summary>
        public long? DigestBlocks { get; set; }
        public double Seconds { get; set; }
        public List<string> Warnings { get; } = new List<string>();

        public string ToText()
        {
            var b = new StringBuilder();
            b.Append($"image: {Image} ({Format}, dump level {(DumpLevel.HasValue ? DumpLevel.Value.ToString(CultureInfo.InvariantCulture) : "not recorded")}, {PageSize}-byte pages)\n");
            b.Append(DigestBlocks.HasValue ? $"image digests: all {DigestBlocks.Value} blocks match\n" : "image digests: none, restored unchecked\n");
            b.Append($"target: {Target}{(DryRun ? " (dry run: nothing written)" : "")}\n");
            string verb = DryRun ? "to write" : "written";
            b.Append($"pages {verb}: {Pages.Written}, zero-filled: {Pages.ZeroFilled}, skipped: {Pages.Skipped}\n");
            if (Pages.Redirected > 0 || Pages.KexecOwn > 0 || Pages.Superseded > 0)
                b.Append($"pages of the running kernel's range written to kexec source pages: {Pages.Redirected}, kexec's own (not restored): {Pages.KexecOwn}, superseded source pages: {Pages.Superseded}\n");
            if (Pages.ForcedOut > 0) b.Append($"pages left out by --force: {Pages.ForcedOut}\n");
            b.Append($"bytes {verb}: {BytesWritten} ({BytesWritten / 1048576.0:F1} MiB) in {Seconds:F2} s\n");
            if (Verified == true) b.Append("verified: yes\n");
            else if (Verified == false) b.Append($"verified: NO, {PagesDiffering} pages differ, the first at 0x{FirstDifference ?? 0:x}\n");
            else b.Append("verified: not checked\n");
            if (JumpBackEntry.HasValue) b.Append($"jump-back entry: 0x{JumpBackEntry.Value:x}\n");
            return b.ToString();
        }

        public string ToJson()
        {
            var w = new JsonWriter().BeginObject()
                .Property("image", Image)
                .Property("format", Format)
                .Property("dump_level", DumpLevel)
                .Property("page_size", (long?)PageSize)
                .Property("target", Target)
                .Property("dry_run", DryRun)
                .Property("pages_written", Pages.Written)
                .Property("pages_zero_filled", Pages.ZeroFilled)
                .Property("pages_skipped", Pages.Skipped)
                .Property("pages_redirected", Pages.Redirected)
                .Property("pages_kexec_own", Pages.KexecOwn)
                .Property("pages_superseded", Pages.Superseded)
                .Property("pages_forced_out", Pages.ForcedOut)
                .Property("bytes_written", BytesWritten)
                .Property("verified", Verified)
                .Property("pages_differing", PagesDiffering)
                .Property("first_difference", Hex(FirstDifference))
                .Property("digest_blocks", DigestBlocks)
                .Property("jump_back_entry", Hex(JumpBackEntry))
                .Property("seconds", Seconds, "F3")
                .BeginArray("warnings");
            foreach (string warning in Warnings) w.Value(warning);
            return w.EndArray().EndObject().ToString();
        }

        private static string? Hex(ulong? v) => v.HasValue ? "0x" + v.Value.ToString("x", CultureInfo.InvariantCulture) : null;
    }
}
