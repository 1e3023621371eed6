using Common.DumpFormats.Compression;
using ToolHost.CommandLine;
using static ToolHost.CommandLine.ArgumentKind;

namespace MakeDumpFile.Cli
{
    /// <summary>
    /// Every option of makedumpfile 1.7.2 (its getopt_long table, makedumpfile(8), --help) and
    /// ours: the one table --help, docs/options-makedumpfile.md and the man page come from.
    /// </summary>
    internal static class MakeDumpFileOptionTable
    {
        public const string Ours = "Options of ours (not in makedumpfile)";

        public static readonly OptionTable Table = Build();

        private static OptionSpec O(OptionTable t, string key, char? s, string? l, ArgumentKind a, string help, string? arg = null)
        {
            var o = t.Add(new OptionSpec(key, s, l, a, help));
            o.ArgumentName = arg;
            return o;
        }

        private static void NotHere(OptionSpec o, string answer)
        {
            o.Compatibility = Compatibility.NotApplicable;
            o.Note = answer;
        }

        private static void Differs(OptionSpec o, string note)
        {
            o.Compatibility = Compatibility.Different;
            o.Note = note;
        }

        private const string Dwarf = "is not supported: it needs the kernel's debug information (vmlinux DWARF), which this makedumpfile does not read; the dump's VMCOREINFO serves every dump level.";
        private const string Xen = "is not supported: this makedumpfile does not read Xen dumps.";

        private static OptionTable Build()
        {
            var t = new OptionTable("makedumpfile", "makedumpfile 1.7.2");
            O(t, "zlib", 'c', null, None, "Compress dump data by each page using zlib (kdump-compressed output).");
            O(t, "lzo", 'l', null, None, "Compress dump data by each page using LZO.");
            O(t, "snappy", 'p', null, None, "Compress dump data by each page using snappy.");
            O(t, "zstd", 'z', null, None, "Compress dump data by each page using zstd.");
            NotHere(O(t, "exclude-vmemmap", 'e', null, None, "Exclude the page structures (vmemmap) which represent excluded pages\n(needs --work-dir; x86_64 only)."),
                "-e is not supported: the page structures of excluded pages are kept.");
            O(t, "dump-level", 'd', null, Required, "Dump level: the sum of the page types to exclude (0-31):\n" + DumpLevelTable, "DL");
            Differs(O(t, "size-limit", 'L', null, Required, "Limit the size of the output file to SIZE bytes (K, M, G suffixes\naccepted); past it the dump stops as on a full disk.", "SIZE"),
                "the output stops as on ENOSPC (incomplete flag set, makedumpfile Failed.).");
            O(t, "elf", 'E', null, None, "Create DUMPFILE in the ELF format (not with -c, -l, -p or -z).");
            NotHere(O(t, "vmlinux", 'x', null, Required, "Specify the first kernel's VMLINUX to analyze its memory usage.", "VMLINUX"), "-x " + Dwarf);
            NotHere(O(t, "vmcoreinfo", 'i', null, Required, "Specify VMCOREINFO (made with -g) instead of VMLINUX.", "VMCOREINFO"), "-i " + Dwarf);
            NotHere(O(t, "generate-vmcoreinfo", 'g', null, Required, "Generate VMCOREINFO from the first kernel's VMLINUX (with -x).", "VMCOREINFO"), "-g " + Dwarf);
            NotHere(O(t, "config", null, "config", Required, "With -x: the filter config file whose commands erase kernel data.", "FILTERCONFIGFILE"), "--config " + Dwarf);
            NotHere(O(t, "eppic", null, "eppic", Required, "With -x: the eppic macro file or directory of filter rules.", "EPPICMACRO"), "--eppic " + Dwarf);
            O(t, "flatten", 'F', null, None, "Output the dump data in the flattened format to the standard output\n(for transport by SSH); -R rearranges it into a readable DUMPFILE.");
            O(t, "rearrange", 'R', null, None, "Rearrange the dump data in the flattened format from the standard\ninput to a readable DUMPFILE.");
            O(t, "split", null, "split", None, "Split the dump data to multiple DUMPFILEs (kdump-compressed only).");
            O(t, "num-threads", null, "num-threads", Required, "Threads reading and compressing pages (default: one per CPU).", "THREADNUM")
                .Compatibility = Compatibility.Different;
            t["num-threads"].Note = "default one thread per CPU (1.7.2: no threads unless given); the output is the same.";
            O(t, "reassemble", null, "reassemble", None, "Reassemble DUMPFILEs made by --split into one DUMPFILE (the last one named).");
            Differs(O(t, "cache-order", 'b', null, Required, "Cache 2^ORDER pages in RAM before writing (default 4).", "ORDER"),
                "accepted and checked; our writer buffers 1 MiB whatever the order, with the same output.");
            Differs(O(t, "cyclic-buffer", null, "cyclic-buffer", Required, "Buffer size in kilo bytes for bitmap data (cycles of filtering).", "BUFFER_SIZE"),
                "accepted and checked; our bitmaps take one bit per page of the dump in memory in one cycle, with the same output; " +
                "given, -E keeps the frames above max_mapnr that 1.7.2's cyclic mode keeps (docs/makedumpfile.md).");
            O(t, "splitblock-size", null, "splitblock-size", Required, "With --split: the splitblock size in kilo bytes; the DUMPFILEs differ\nin size by at most about this much.", "SPLITBLOCK_SIZE")
                .Compatibility = Compatibility.Different;
            t["splitblock-size"].Note = "accepted and checked; our --split balances the pages of each file exactly, so the block size changes nothing.";
            Differs(O(t, "work-dir", null, "work-dir", Required, "The working directory for the temporary bitmap file.", "DIR"),
                "must exist; our bitmaps stay in memory (bounded by the dump's page count); a flattened input or a split set given as input is rebuilt there (default $TMPDIR).");
            Differs(O(t, "non-mmap", null, "non-mmap", None, "Never use mmap(2) to read VMCORE."),
                "ours never maps VMCORE, so this is always in effect.");
            NotHere(O(t, "xen-syms", null, "xen-syms", Required, "Specify the XEN-SYMS to analyze Xen's memory usage.", "XEN-SYMS"), "--xen-syms " + Xen);
            NotHere(O(t, "xen-vmcoreinfo", null, "xen-vmcoreinfo", Required, "Specify the VMCOREINFO of Xen.", "VMCOREINFO"), "--xen-vmcoreinfo " + Xen);
            NotHere(O(t, "xen-phys-start", null, "xen_phys_start", Required, "Specify the XEN_PHYS_START_ADDRESS (x86_64).", "XEN_PHYS_START_ADDRESS"), "--xen_phys_start " + Xen);
            NotHere(O(t, "exclude-xen-dom", 'X', null, None, "Exclude all the user domain pages from Xen kdump's VMCORE."), "-X " + Xen);
            NotHere(O(t, "diskset", null, "diskset", Required, "VMCOREs of a sadump diskset configuration, in order.", "VMCORE"),
                "--diskset is not supported: this makedumpfile does not read sadump disks.");
            O(t, "message-level", null, "message-level", Required, "Message types to print (0-31, default 7):\n" + MessageLevelTable, "ML");
            NotHere(O(t, "vtop", null, "vtop", Required, "Print the physical address of VIRTUAL_ADDRESS.", "VIRTUAL_ADDRESS"), "--vtop " + Dwarf);
            O(t, "dump-dmesg", null, "dump-dmesg", None, "Extract the dmesg log from VMCORE to LOGFILE instead of dumping.");
            O(t, "partial-dmesg", null, "partial-dmesg", None, "With --dump-dmesg: only the log since it was last cleared (dmesg --clear).");
            O(t, "mem-usage", null, "mem-usage", None, "Show the page numbers of the system in different use (VMCORE: /proc/kcore\nor a dump).");
            O(t, "dry-run", null, "dry-run", None, "Do not write the output dump file while still performing the other\noperations (not with --dump-dmesg, --reassemble or -g).");
            O(t, "show-stats", null, "show-stats", None, "Set message-level to print report messages.");
            O(t, "debug", 'D', null, None, "Print debugging messages.");
            O(t, "force", 'f', null, None, "Overwrite DUMPFILE even if it already exists.");
            O(t, "help", 'h', "help", None, "Show this help and the compressions supported.");
            O(t, "version", 'v', null, None, "Show the version of makedumpfile and the compressions supported.");
            O(t, "check-params", null, "check-params", None, "Only check whether the command-line parameters are valid, and exit.");

            var own = O(t, "version-long", null, "version", None, "The same as -v.");
            own.Compatibility = Compatibility.Extension;
            own.Section = Ours;
            own = O(t, "jump-back-entry", null, "jump-back-entry", Required, "Kernel A's jump-back entry (hex) for the KEXEC_JUMP note; default:\nkexec_jump_back_entry= in /proc/cmdline.", "ADDR");
            own.Compatibility = Compatibility.Extension;
            own.Section = Ours;
            own = O(t, "zlib-level", null, "zlib-level", Required, "With -c: the zlib level, 1 (fastest) to 9 (smallest); default "
                + CompressionTuning.DefaultZlibLevel + ",\nwhose pages are no larger than makedumpfile's (classic zlib at 1).", "LEVEL");
            own.Compatibility = Compatibility.Extension;
            own.Section = Ours;
            own = O(t, "zlib-strategy", null, "zlib-strategy", Required, "With -c: zlib's strategy: default, filtered, huffman, rle or fixed.", "STRATEGY");
            own.Compatibility = Compatibility.Extension;
            own.Section = Ours;
            own = O(t, "zstd-level", null, "zstd-level", Required, "With -z: the zstd level, 1 (fastest; default) to 22 (smallest).", "LEVEL");
            own.Compatibility = Compatibility.Extension;
            own.Section = Ours;
            return t;
        }

        public const string DumpLevelTable =
            "      |         non-\n" +
            " Dump |  zero   private  private  user    free\n" +
            "Level |  page   cache    cache    data    page\n" +
            "------+---------------------------------------\n" +
            "   0  |\n" +
            "   1  |   X\n" +
            "   2  |           X\n" +
            "   4  |           X        X\n" +
            "   8  |                            X\n" +
            "  16  |                                    X\n" +
            "  31  |   X       X        X       X       X";

        public const string MessageLevelTable =
            "Message | progress    common    error     debug     report\n" +
            "Level   | indicator   message   message   message   message\n" +
            "--------+------------------------------------------------------\n" +
            "      0 |\n" +
            "      1 |     X\n" +
            "      2 |                X\n" +
            "      4 |                          X\n" +
            "    * 7 |     X          X         X\n" +
            "      8 |                                    X\n" +
            "     16 |                                              X\n" +
            "     31 |     X          X         X         X         X";
    }
}
