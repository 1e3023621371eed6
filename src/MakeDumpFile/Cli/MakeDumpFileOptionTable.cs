using Common.DumpFormats.Compression;
using MakeDumpFile.Writers.Compression;
using ToolHost.CommandLine;
using static ToolHost.CommandLine.ArgumentKind;

namespace MakeDumpFile.Cli
{
    /// <summary>
    /// Every option of makedumpfile 1.7.2 (its getopt_long table, makedumpfile(8), --help) and
    /// ours: the one table --help, docs/options-makedumpfile.md and the man page come from.
    /// makedumpfile's later releases kept 1.7.2's table (makedumpfile.c's longopts and the short
    /// options "b:cDd:eEFfg:hi:lL:pRvXx:z"; docs/options-makedumpfile.md says what was read).
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

        private const string Dwarf = "is not supported yet: eppic macros need the eppic interpreter; --config FILTERFILE erases kernel data without it.";
        private const string Xen = "is not supported yet: this makedumpfile does not read Xen dumps.";

        private static OptionTable Build()
        {
            var t = new OptionTable("makedumpfile", "makedumpfile 1.7.2");
            O(t, "zlib", 'c', null, None, "Compress dump data by each page using zlib (kdump-compressed output);\nof -c, -l, -p and -z the last one given counts.");
            O(t, "lzo", 'l', null, None, "Compress dump data by each page using LZO.");
            O(t, "snappy", 'p', null, None, "Compress dump data by each page using snappy.");
            O(t, "zstd", 'z', null, None, "Compress dump data by each page using zstd.");
            NotHere(O(t, "exclude-vmemmap", 'e', null, None, "Exclude the page structures (vmemmap) which represent excluded pages\n(needs --work-dir; x86_64 only)."),
                "-e is not supported yet: the page structures of excluded pages are kept.");
            O(t, "dump-level", 'd', null, Required, "Dump level: the sum of the page types to exclude (0-31). Several levels\n" +
                "separated by ',' (-d 11,31): when the output passes -L SIZE or the disk fills up,\n" +
                "the dump is made again with the next level (not with -F).\n" + DumpLevelTable, "DL");
            Differs(O(t, "size-limit", 'L', null, Required, "Limit the size of the output file (DUMPFILE or LOGFILE) to SIZE bytes (K, M,\nG, T, P, E suffixes accepted); past it the dump stops as on a full disk.", "SIZE"),
                "as 1.7.2, the output is written up to SIZE bytes and the run fails (\"Size limit(SIZE) reached\", makedumpfile Failed., or the next -d level); what was written is kept as DUMPFILE.incomplete, not under DUMPFILE (docs/makedumpfile.md, \"Exit status and messages\").");
            O(t, "elf", 'E', null, None, "Create DUMPFILE in the ELF format (not with -c, -l, -p or -z).");
            O(t, "vmlinux", 'x', null, Required, "Read the dumped kernel's VMCOREINFO from its VMLINUX's symbols and DWARF\n" +
                "debug information (DWARF 2-5) instead of the dump's note, which fills what it\n" +
                "lacks; with -g, the VMLINUX to write the VMCOREINFO of. Not with -i.", "VMLINUX");
            O(t, "vmcoreinfo", 'i', null, Required, "Read the dumped kernel's VMCOREINFO from this file (as -g writes it)\n" +
                "instead of VMLINUX; the dump's own note fills what the file lacks. Its\n" +
                "OSRELEASE must be the dumped kernel's (else exit 2). Not with -x, -g, -R or\n" +
                "--reassemble.", "VMCOREINFO");
            // 1.7.2's check_param_for_generating_vmcoreinfo() takes no VMCORE: -g writes what a
            // vmlinux's DWARF says, never what a dump's note says.
            O(t, "generate-vmcoreinfo", 'g', null, Required, "Generate VMCOREINFO from the first kernel's VMLINUX (with -x; no VMCORE):\n" +
                "the entries makedumpfile 1.7.2 writes, for -i on a machine without the vmlinux.", "VMCOREINFO");
            Differs(O(t, "config", null, "config", Required, "With -x: the filter config file whose commands erase kernel data\n(makedumpfile.conf(5)): each byte erased is written as 'X'.", "FILTERCONFIGFILE"),
                "the erase commands and the array, via and within loops of the [vmlinux] section, with 1.7.2's rules; module sections are skipped with a message (no module debug information is read); not with --split.");
            NotHere(O(t, "eppic", null, "eppic", Required, "With -x: the eppic macro file or directory of filter rules.", "EPPICMACRO"), "--eppic " + Dwarf);
            O(t, "flatten", 'F', null, None, "Output the dump data in the flattened format to the standard output\n(for transport by SSH); -R rearranges it into a readable DUMPFILE.");
            O(t, "rearrange", 'R', null, None, "Rearrange the dump data in the flattened format from the standard\ninput to a readable DUMPFILE.");
            O(t, "split", null, "split", None, "Split the dump data to multiple DUMPFILEs (kdump-compressed only).");
            O(t, "num-threads", null, "num-threads", Required, "Threads reading and compressing pages, 0-256 (default, and 0: one per CPU);\nnot with --split or -E.", "THREADNUM")
                .Compatibility = Compatibility.Different;
            t["num-threads"].Note = "default one thread per CPU (1.7.2: no threads unless given); the output is the same. Refused with --split and -E as 1.7.2 refuses them; a value that is not a number, or above 256, is refused (1.7.2's atoi takes it).";
            O(t, "reassemble", null, "reassemble", None, "Reassemble DUMPFILEs made by --split into one DUMPFILE (the last one named).");
            Differs(O(t, "cache-order", 'b', null, Required, "Cache 2^ORDER pages in RAM before writing (default 4). A tuning knob:\nthe output is the same whatever ORDER.", "ORDER"),
                "accepted and checked (0-30); our writer buffers 1 MiB whatever the order, with the same output.");
            Differs(O(t, "cyclic-buffer", null, "cyclic-buffer", Required, "Buffer size in kilo bytes for bitmap data (cycles of filtering; 0: chosen\nfor you). A tuning knob: the output is the same whatever the size.", "BUFFER_SIZE"),
                "accepted and checked (a number, 0 as 1.7.2's automatic size); our bitmaps take one bit per page of the dump in memory in one cycle, with the same output; " +
                "given (not 0), -E keeps the frames above max_mapnr that 1.7.2's cyclic mode keeps (docs/makedumpfile.md).");
            O(t, "splitblock-size", null, "splitblock-size", Required, "With --split: the splitblock size in kilo bytes (0: the default). A tuning\nknob here: ours balances the files' pages exactly whatever the size.", "SPLITBLOCK_SIZE")
                .Compatibility = Compatibility.Different;
            t["splitblock-size"].Note = "accepted and checked (a number, 0 as 1.7.2's default); our --split balances the pages of each file exactly, so the block size changes nothing.";
            Differs(O(t, "work-dir", null, "work-dir", Required, "The working directory for temporary files: ours rebuilds a flattened input or\na split set given as input there (default $TMPDIR). Bitmaps stay in memory.", "DIR"),
                "must be a directory when the dump, --split, --reassemble or --mem-usage runs (1.7.2 fails there too, creating its bitmap file); --check-params does not look, as 1.7.2 does not. Our bitmaps stay in memory (bounded by the dump's page count).");
            Differs(O(t, "non-mmap", null, "non-mmap", None, "Never use mmap(2) to read VMCORE."),
                "ours never maps VMCORE, so this is always in effect.");
            NotHere(O(t, "xen-syms", null, "xen-syms", Required, "Specify the XEN-SYMS to analyze Xen's memory usage.", "XEN-SYMS"), "--xen-syms " + Xen);
            NotHere(O(t, "xen-vmcoreinfo", null, "xen-vmcoreinfo", Required, "Specify the VMCOREINFO of Xen.", "VMCOREINFO"), "--xen-vmcoreinfo " + Xen);
            NotHere(O(t, "xen-phys-start", null, "xen_phys_start", Required, "Specify the XEN_PHYS_START_ADDRESS (x86_64).", "XEN_PHYS_START_ADDRESS"), "--xen_phys_start " + Xen);
            NotHere(O(t, "exclude-xen-dom", 'X', null, None, "Exclude all the user domain pages from Xen kdump's VMCORE."), "-X " + Xen);
            NotHere(O(t, "diskset", null, "diskset", Required, "VMCOREs of a sadump diskset configuration, in order.", "VMCORE"),
                "--diskset is not supported yet: this makedumpfile does not read sadump disks.");
            O(t, "message-level", null, "message-level", Required, "Message types to print (0-31, default 7):\n" + MessageLevelTable, "ML");
            O(t, "vtop", null, "vtop", Required, "Print the physical address of VIRTUAL_ADDRESS (through the dumped kernel's\npage tables) before making the dump, which it does not change.", "VIRTUAL_ADDRESS");
            O(t, "dump-dmesg", null, "dump-dmesg", None, "Extract the dmesg log from VMCORE to LOGFILE instead of dumping.");
            O(t, "partial-dmesg", null, "partial-dmesg", None, "With --dump-dmesg: only the log since it was last cleared (dmesg --clear).");
            O(t, "mem-usage", null, "mem-usage", None, "Show the page numbers of the system in different use (VMCORE: /proc/kcore\nor a dump).");
            O(t, "dry-run", null, "dry-run", None, "Do not write the output dump file while still performing the other\noperations (not with --dump-dmesg, --reassemble or -g).");
            O(t, "show-stats", null, "show-stats", None, "Set message-level to print report messages.");
            O(t, "debug", 'D', null, None, "Print debugging messages.");
            O(t, "force", 'f', null, None, "Overwrite DUMPFILE even if it already exists.");
            O(t, "help", 'h', "help", None, "Show this help and the compressions supported.");
            O(t, "version", 'v', null, None, "Show the version of makedumpfile and the compressions supported.");
            Differs(O(t, "check-params", null, "check-params", None, "Only check whether the command-line parameters are valid, and exit\n(0 valid, 1 not; nothing is opened or written)."),
                "the same rules as 1.7.2's check_param_for_*() with one line saying which failed; options ours answers as not supported (-x, -g, --config, --eppic, -e, Xen, --diskset) fail it, and several VMCOREs before DUMPFILE (a split set, ours) pass it.");

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
