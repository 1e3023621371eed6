using System;
using System.Collections.Generic;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Integrity;
using Common.Elf;
using MakeDumpFile.Cli;
using MakeDumpFile.Integrity;
using MakeDumpFile.Output;

namespace MakeDumpFile.Jump
{
    /// <summary>
    /// Opens the input, and when it is the memory of a kernel A that jumped to the running kernel
    /// (an ELF core with a jump-back entry: --jump-back-entry, or kexec_jump_back_entry= in
    /// /proc/cmdline when the input is /proc/vmcore), shows it as A sees its memory
    /// (<see cref="JumpTargetPageSource"/>). Every mode (dump, --split, --dump-dmesg,
    /// --mem-usage) reads through this; our own images are checked against their digests first.
    /// </summary>
    internal static class JumpInput
    {
        public const string ProcVmcore = "/proc/vmcore";

        public static IPageSource Open(MakeDumpFileOptions o, string path, Messages m) => Open(o, new[] { path }, m);

        /// <summary>
        /// The input as the user named it: one file (ELF, kdump-compressed, or flattened, read
        /// without a -R step), or the pieces of a --split set, joined (beyond makedumpfile 1.7.2).
        /// </summary>
        public static IPageSource Open(MakeDumpFileOptions o, IReadOnlyList<string> paths, Messages m)
        {
            string path = paths[0];
            string temp = o.WorkDir ?? Path.GetTempPath();
            // A split set is joined and a flattened file rebuilt through a temporary file, which is
            // checked against the digests there (DumpInput.OpenThroughTemporaryFile); a plain file here.
            bool plain = paths.Count == 1 && !DumpInput.IsFlattened(path);
            DigestCheck digests = plain ? InputDigests.Check(path, m) : ImageDigests.NotChecked;
            IPageSource source = paths.Count > 1
                ? DumpInput.OpenThroughTemporaryFile(sink => SplitCommands.WriteJoined(paths, sink, o, m), temp, "the split set " + string.Join(" ", paths))
                : DumpInput.IsFlattened(path) ? DumpInput.OpenFlattened(path, temp) : DumpInput.Open(path);
            try
            {
                InputDigests.WarnIfLost(digests, source, path, m);
                // Only an ELF core (/proc/vmcore, an -E image) is mapped as a jump target; a kdump-compressed input is read as it is.
                if (!source.Origin.IsElfCore) return source;
                RequireX86(source.Origin, path);
                ulong? entry = o.JumpBackEntry;
                if (entry == null && IsProcVmcore(path)) entry = JumpBackEntry.FromCmdlineFile(o.CmdlinePath);
                if (entry == null) return source;
                // Our own saved image of A (it has the dump-level note) may lack pages the list
                // names (filtered out); /proc/vmcore and other raw cores must hold them all.
                bool saved = SafeFind(source.Notes).DumpLevel.HasValue;
                JumpTargetPageSource view;
                try { view = JumpTargetPageSource.Create(source, entry.Value, strict: !saved); }
                catch (DumpFormatException e) { throw new DumpFormatException($"{path}: cannot map kernel A's pages in this kernel's range: {e.Message}"); }
                if (view.Map.LookupWarning != null) m.Info("WARNING: " + view.Map.LookupWarning + "\n");
                m.DebugText($"kernel A's kexec entry list at 0x{view.Map.Head:x} (jump-back entry 0x{entry.Value:x}): {view.Map.Count} destination pages, {view.RedirectedPages} read from their source pages\n");
                return view;
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }

        // The kernel data this makedumpfile reads (page tables, struct page, printk) is laid out
        // for x86 only; an image of another machine would be filtered with x86 rules.
        private static void RequireX86(ImageOrigin origin, string path)
        {
            ushort machine = origin.Machine ?? 0;
            if (machine != ElfConstants.MachineX86_64 && machine != ElfConstants.MachineI386)
                throw new DumpFormatException($"{path}: ELF e_machine {machine} is not x86 (EM_X86_64 62 or EM_386 3)");
        }

        private static KexecJumpNote SafeFind(byte[] notes)
        {
            try { return KexecJumpNote.Find(notes); }
            catch (ElfFormatException) { return new KexecJumpNote(); }
        }

        public static bool IsProcVmcore(string path)
        {
            try { return Path.GetFullPath(path) == ProcVmcore; }
            catch (ArgumentException) { return false; }
        }
    }
}
