using System.IO;
using ToolHost.CommandLine;

namespace MakeDumpFile.Cli
{
    /// <summary>makedumpfile's --help: its usage forms, then every option from the table.</summary>
    internal static class MakeDumpFileHelp
    {
        public static void Write(TextWriter w)
        {
            const string header =
                "LZO support:\n  enabled\nsnappy support:\n  enabled\nzstd support:\n  enabled\n\n" +
                "Usage:\n" +
                "  Creating DUMPFILE:\n" +
                "  # makedumpfile    [-c|-l|-p|-z|-E] [-d DL] [-i VMCOREINFO] VMCORE DUMPFILE\n\n" +
                "  Outputting the dump data in the flattened format to the standard output:\n" +
                "  # makedumpfile -F [-c|-l|-p|-z|-E] [-d DL] [-i VMCOREINFO] VMCORE\n\n" +
                "  Rearranging the dump data in the flattened format to a readable DUMPFILE:\n" +
                "  # makedumpfile -R DUMPFILE\n\n" +
                "  Split the dump data to multiple DUMPFILEs in parallel:\n" +
                "  # makedumpfile --split [OPTION] VMCORE DUMPFILE1 DUMPFILE2 [DUMPFILE3 ..]\n\n" +
                "  Using multiple threads to create DUMPFILE in parallel:\n" +
                "  # makedumpfile [OPTION] --num-threads THREADNUM VMCORE DUMPFILE\n\n" +
                "  Reassemble multiple DUMPFILEs:\n" +
                "  # makedumpfile --reassemble DUMPFILE1 DUMPFILE2 [DUMPFILE3 ..] DUMPFILE\n\n" +
                "  Extracting the dmesg log from a VMCORE:\n" +
                "  # makedumpfile --dump-dmesg [--partial-dmesg] VMCORE LOGFILE\n\n" +
                "  Showing how the memory is used:\n" +
                "  # makedumpfile --mem-usage /proc/kcore\n\n" +
                "VMCORE is /proc/vmcore, an ELF core, a kdump-compressed file, a flattened file (as -F or\n" +
                "QEMU's dump-guest-memory write it; no -R needed), or /dev/oldmem with /proc/vmcore.\n" +
                "Exit status: 0 \"makedumpfile Completed.\", 1 \"makedumpfile Failed.\" (bad command line included),\n" +
                "2 \"makedumpfile Failed.\" when the -i VMCOREINFO file is of another release than the dump.\n\n" +
                "Available options:";
            HelpFormatter.Write(w, MakeDumpFileOptionTable.Table, header);
        }
    }
}
