using System;
using System.IO;
using Common.DumpFormats;
using Common.Numbers;

namespace MakeDumpFile.Jump
{
    /// <summary>
    /// Kernel A's jump-back entry for the image being written: the resume point a kernel B got as
    /// kexec_jump_back_entry= on its command line (written by the purgatory of A's jump load,
    /// native/README.md "Layout" item 6). --jump-back-entry wins; an input that already carries
    /// a KEXEC_JUMP entry note keeps it (it describes that saved system, not the running one);
    /// otherwise, when the input is /proc/vmcore, the running kernel's command line gives it
    /// if it was booted as a jump target.
    /// </summary>
    internal static class JumpBackEntry
    {
        public const string ProcCmdline = "/proc/cmdline";
        public const string Parameter = "kexec_jump_back_entry=";

        /// <param name="cmdlinePath">The command line to look in, or null when the input is not /proc/vmcore.</param>
        public static ulong? Resolve(ulong? option, ulong? inputNote, string? cmdlinePath)
        {
            if (option.HasValue) return option;
            if (inputNote.HasValue) return inputNote;
            return cmdlinePath == null ? null : FromCmdlineFile(cmdlinePath);
        }

        /// <summary>The entry in a command line file, or null when the file or the parameter is absent.</summary>
        public static ulong? FromCmdlineFile(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (FileNotFoundException) { return null; }
            catch (DirectoryNotFoundException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
            return FromCmdline(text, path);
        }

        /// <summary>
        /// The value of the last kexec_jump_back_entry= word (the purgatory appends it, so a stale
        /// one passed on from an earlier boot comes first). Throws when the value is no hex address.
        /// </summary>
        public static ulong? FromCmdline(string cmdline, string where)
        {
            ulong? found = null;
            foreach (string word in cmdline.Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!word.StartsWith(Parameter, StringComparison.Ordinal)) continue;
                string value = word.Substring(Parameter.Length);
                if (!NumberParser.TryParseHex(value, out ulong entry))
                    throw new DumpFormatException($"{where}: {word} is not a hexadecimal address");
                found = entry;
            }
            return found;
        }
    }
}
