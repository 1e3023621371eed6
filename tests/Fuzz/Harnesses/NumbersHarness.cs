using System;
using System.Collections.Generic;
using System.Text;
using Common.DumpFormats;
using Kexec.Memory;
using Common.Numbers;
using KRestore.Target;
using MakeDumpFile.Jump;

namespace Fuzz.Harnesses
{
    /// <summary>
    /// Numbers and ranges the tools read from their command lines and from /proc: the input is
    /// text, one value a line. Each line goes into kexec's --mem-min/--mem-max/--entry and
    /// krestore's --target-ranges/--jump-back-entry/--num-threads through the tools' own
    /// command-line code, into makedumpfile's kexec_jump_back_entry= reader, and the whole
    /// text is read as /proc/iomem (kexec's and krestore's readers) and as a kernel command
    /// line with memmap= (kexec's reserved-RAM rule).
    /// </summary>
    internal sealed class NumbersHarness : IHarness
    {
        public string Name => "numbers";

        public void Run(byte[] input, Scratch scratch)
        {
            string text = Encoding.UTF8.GetString(input);
            string[] lines = text.Split('\n');
            // A command-line argument cannot hold a NUL (execve passes C strings).
            string[] args = Array.ConvertAll(lines, l => l.Replace("\0", ""));
            string system = HarnessEnvironment.KexecData("qemu-512M-crashkernel");
            scratch.Fresh("none", Array.Empty<byte>());
            string missingImage = scratch.Path("no-such-image");
            for (int i = 0; i < lines.Length && i < 16; i++)
            {
                string v = lines[i];
                string a = args[i];
                string b = args[(i + 1) % args.Length];
                NumberParser.TryParse(v, out _);
                NumberParser.TryParseHex(v, out _);
                NumberParser.TryParseSize(v, out _);
                try { JumpBackEntry.FromCmdline(v, "cmdline"); }
                catch (DumpFormatException) { }
                // Options only: -u (unload) needs no kernel file, --dry-run keeps it from the syscall.
                ToolRuns.Kexec(system, "-u", "--dry-run", "--mem-min=" + a, "--mem-max=" + b);
                ToolRuns.Kexec(system, "--load-jump-back-helper=" + a, "--dry-run");
                ToolRuns.KRestore("--dry-run", "--target-ranges", a, "--jump-back-entry", b, "--num-threads", a, "--message-level", "4", missingImage);
            }
            List<MemoryRange> iomem = MemoryMapReader.ParseIomem(text, topLevelOnly: true);
            MemoryMapReader.ParseIomem(text, topLevelOnly: false);
            MemoryMapReader.RestoreReservedRam(iomem, text);
            try { SystemRam.Parse(lines, "iomem"); }
            catch (FormatException) { } // krestore's Program turns both into its error line
            catch (UnauthorizedAccessException) { }
        }
    }
}
