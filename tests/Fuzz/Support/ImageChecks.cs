using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Jump;
using Common.Elf;

namespace Fuzz
{
    /// <summary>
    /// What the tools do with a memory image file (ELF core, kdump-compressed or flattened):
    /// the shared reader (Common.Elf DumpInput) page by page, makedumpfile re-filtering it into
    /// kdump-compressed and ELF output and reading its kernel log, krestore checking it for a
    /// restore (--dry-run, so nothing is written).
    /// </summary>
    internal static class ImageChecks
    {
        /// <summary>
        /// The tools' time grows with the memory an image describes, which a header of a few bytes
        /// can make terabytes (an ELF PT_LOAD's p_memsz; zero pages cost nothing to describe).
        /// Beyond this the harness checks only the reader (open, notes, a sample of pages):
        /// such images are bad input in a fuzzer's sense only when opening them costs memory.
        /// </summary>
        public const ulong MaxDescribedBytes = 64UL << 20;

        /// <summary>
        /// makedumpfile's page bitmaps cost memory only where frames are set (PfnBitmap's chunks),
        /// but its walks visit every frame up to the highest an image names: beyond 2^30 frames
        /// the harness's 10 s would run out first, so such images get the reader checks only.
        /// </summary>
        public const ulong MaxFrames = 1UL << 30;

        /// <summary>Pages the reader walk reads at most, spread over the segments.</summary>
        private const int MaxPagesRead = 2048;

        public static void Run(string image, Scratch scratch, ulong? jumpBackEntry = null)
        {
            ulong described, frames;
            try
            {
                using IPageSource source = DumpInput.Open(image);
                described = Walk(source);
                frames = Math.Max(source.MaxMapNr, JumpDestinationFrames(source, jumpBackEntry));
            }
            catch (DumpFormatException)
            {
                if (!DumpInput.IsFlattened(image)) return;
                // makedumpfile -R rebuilds it (then the rebuilt file goes through the checks), krestore reads it itself.
                string rebuilt = scratch.Path("rebuilt.dump");
                if (ToolRuns.MakeDumpFileWithStdin(image, "-R", "--message-level", "4", rebuilt) == 0 && File.Exists(rebuilt))
                    Run(rebuilt, scratch, jumpBackEntry);
                KRestore(image, scratch, jumpBackEntry);
                return;
            }
            if (described > MaxDescribedBytes || frames > MaxFrames) return;
            MakeDumpFile(image, scratch, jumpBackEntry);
            KRestore(image, scratch, jumpBackEntry);
        }

        /// <summary>
        /// makedumpfile reads a core through kernel A's kexec entry list (--jump-back-entry): the
        /// list's destinations extend the image, and its bitmaps, as far as they go.
        /// </summary>
        private static ulong JumpDestinationFrames(IPageSource source, ulong? entry)
        {
            if (entry == null) return 0;
            try
            {
                ulong end = 0;
                foreach (var pair in JumpBackMap.Read(source, entry.Value).Pairs) end = Math.Max(end, pair.Key + 1);
                return end;
            }
            catch (DumpFormatException)
            {
                return 0;
            }
        }

        /// <summary>Everything the reader offers, with the page reads bounded.</summary>
        private static ulong Walk(IPageSource source)
        {
            int pageSize = source.PageSize;
            _ = source.MaxMapNr;
            _ = source.HeaderPhysBase;
            _ = source.PreviousDumpLevel;
            _ = source.VmcoreInfo?.OsRelease;
            try { _ = KexecJumpNote.Find(source.Notes); }
            catch (ElfFormatException) { }
            ulong described = 0;
            var page = new byte[pageSize];
            int budget = MaxPagesRead;
            foreach (PhysicalSegment s in source.Segments)
            {
                described += s.MemorySize;
                ulong first = s.PhysicalStart / (ulong)pageSize;
                ulong pages = (s.MemorySize + (ulong)pageSize - 1) / (ulong)pageSize;
                for (ulong i = 0; i < pages && budget > 0; i++, budget--)
                {
                    ulong pfn = first + i;
                    if (source.HasPage(pfn)) source.ReadPage(pfn, page);
                }
            }
            if (source.MaxMapNr > 4)
            {
                var run = new byte[4 * pageSize];
                source.ReadPages(0, 4, run);
            }
            return described;
        }

        private static void MakeDumpFile(string image, Scratch scratch, ulong? entry)
        {
            string[] jump = entry.HasValue ? new[] { "--jump-back-entry", $"0x{entry.Value:x}" } : new string[0];
            // Re-filtering (zero pages only, so no mem_map walk is needed), in both output formats, and the kernel log.
            ToolRuns.MakeDumpFile(Args(jump, "-l", "-d", "1", "-f", "--num-threads", "1", "--message-level", "4", image, scratch.Path("out.kdump")));
            // No --num-threads with -E: makedumpfile 1.7.2 refuses the pair, and so does ours.
            ToolRuns.MakeDumpFile(Args(jump, "-E", "-d", "0", "-f", "--message-level", "4", image, scratch.Path("out.elf")));
            ToolRuns.MakeDumpFile(Args(jump, "--dump-dmesg", "-f", "--message-level", "4", image, scratch.Path("dmesg.txt")));
        }

        private static string[] Args(string[] first, params string[] rest)
        {
            var all = new string[first.Length + rest.Length];
            first.CopyTo(all, 0);
            rest.CopyTo(all, first.Length);
            return all;
        }

        /// <summary>
        /// Running RAM and target as B sees them in the bench: B in 16-64 MiB of a 512 MiB machine
        /// (from 16 MiB + 20 KiB: the kexec-jump seeds keep A's control, entry and source pages below it).
        /// </summary>
        private static void KRestore(string image, Scratch scratch, ulong? entry)
        {
            string root = scratch.Path("system");
            Directory.CreateDirectory(Path.Combine(root, "proc"));
            File.WriteAllText(Path.Combine(root, "proc", "iomem"), "00000000-00000fff : Reserved\n01005000-03ffffff : System RAM\n");
            string target = scratch.Path("target");
            using (var t = new FileStream(target, FileMode.Create)) t.SetLength(512L << 20);
            var args = new System.Collections.Generic.List<string>
            {
                "--dry-run", "--target", target, "--target-ranges", "0-1fffffff", "--system-root", root,
                "--temp-dir", scratch.Root, "--num-threads", "1", "--message-level", "4",
            };
            if (entry.HasValue) { args.Add("--jump-back-entry"); args.Add($"0x{entry.Value:x}"); }
            args.Add(image);
            ToolRuns.KRestore(args.ToArray());
        }
    }
}
