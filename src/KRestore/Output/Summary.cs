using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using KRestore.Planning;

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
            var b = new StringBuilder("{");
            void Field(string name, string raw)
            {
                if (b.Length > 1) b.Append(',');
                b.Append('"').Append(name).Append("\":").Append(raw);
            }
            Field("image", Quote(Image));
            Field("format", Quote(Format));
            Field("dump_level", DumpLevel.HasValue ? DumpLevel.Value.ToString(CultureInfo.InvariantCulture) : "null");
            Field("page_size", PageSize.ToString(CultureInfo.InvariantCulture));
            Field("target", Quote(Target));
            Field("dry_run", DryRun ? "true" : "false");
            Field("pages_written", Num(Pages.Written));
            Field("pages_zero_filled", Num(Pages.ZeroFilled));
            Field("pages_skipped", Num(Pages.Skipped));
            Field("pages_redirected", Num(Pages.Redirected));
            Field("pages_kexec_own", Num(Pages.KexecOwn));
            Field("pages_superseded", Num(Pages.Superseded));
            Field("pages_forced_out", Num(Pages.ForcedOut));
            Field("bytes_written", Num(BytesWritten));
            Field("verified", Verified.HasValue ? (Verified.Value ? "true" : "false") : "null");
            Field("pages_differing", Num(PagesDiffering));
            Field("first_difference", FirstDifference.HasValue ? Quote("0x" + FirstDifference.Value.ToString("x", CultureInfo.InvariantCulture)) : "null");
            Field("digest_blocks", DigestBlocks.HasValue ? DigestBlocks.Value.ToString(CultureInfo.InvariantCulture) : "null");
            Field("jump_back_entry", JumpBackEntry.HasValue ? Quote("0x" + JumpBackEntry.Value.ToString("x", CultureInfo.InvariantCulture)) : "null");
            Field("seconds", Seconds.ToString("F3", CultureInfo.InvariantCulture));
            var w = new StringBuilder("[");
            for (int i = 0; i < Warnings.Count; i++) w.Append(i > 0 ? "," : "").Append(Quote(Warnings[i]));
            Field("warnings", w.Append(']').ToString());
            return b.Append('}').ToString();
        }

        private static string Num(ulong v) => v.ToString(CultureInfo.InvariantCulture);

        private static string Quote(string s)
        {
            var b = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') b.Append('\\').Append(c);
                else if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else b.Append(c);
            }
            return b.Append('"').ToString();
        }
    }
}
