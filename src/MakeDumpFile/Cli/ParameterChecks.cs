using ToolHost.CommandLine;
using Common.DumpFormats.Compression;

namespace MakeDumpFile.Cli
{
    /// <summary>
    /// The combinations of options and operands each mode takes, as makedumpfile 1.7.2's
    /// check_param_for_rearranging_dumpdata(), check_param_for_reassembling_dumpfile() and
    /// check_param_for_creating_dumpfile() (also used for --dump-dmesg and --mem-usage) decide
    /// them. --check-params stops after these; a real run makes the same checks before it opens
    /// anything, so both answer alike. 1.7.2 says only "Commandline parameter is invalid." for
    /// most of them; ours names the rule.
    /// </summary>
    internal static class ParameterChecks
    {
        public static void Check(MakeDumpFileOptions o)
        {
            if (o.GenerateVmcoreInfo != null) Generating(o);
            else if (o.Rebuild) Rearranging(o);
            else if (o.Reassemble) Reassembling(o);
            else Creating(o);
        }

        /// <summary>-g VMCOREINFO -x VMLINUX (check_param_for_generating_vmcoreinfo()): nothing else, no operands.</summary>
        private static void Generating(MakeDumpFileOptions o)
        {
            if (o.Vmlinux == null) throw new UsageException("-g needs -x VMLINUX: the VMCOREINFO is made from the vmlinux's debug information");
            if (o.Compression != PageCompression.None || o.DumpLevel != 0 || o.Elf || o.Flatten || o.Rebuild || o.VmcoreInfoFile != null || o.FilterConfig != null)
                throw new UsageException("-g takes no -c, -l, -p, -z, -d, -E, -F, -R, -i or --config: it only writes the VMCOREINFO file");
            if (o.Paths.Count != 0) throw new UsageException("-g takes no VMCORE or DUMPFILE: it reads only the vmlinux");
        }

        /// <summary>-R DUMPFILE: no filtering or format option, the format is the stream's.</summary>
        private static void Rearranging(MakeDumpFileOptions o)
        {
            if (o.Compression != PageCompression.None || o.DumpLevel != 0 || o.Elf || o.Flatten)
                throw new UsageException("-R takes no -c, -l, -p, -z, -d, -E or -F: the flattened stream already has its format");
            // check_param_for_rearranging_dumpdata() refuses flag_read_vmcoreinfo: nothing is analysed.
            if (o.VmcoreInfoFile != null || o.Vmlinux != null) throw new UsageException("-R takes no -i or -x: rearranging reads no kernel data");
            if (o.Paths.Count != 1) throw new UsageException("-R takes one DUMPFILE and reads the flattened stream from standard input");
        }

        /// <summary>--reassemble DUMPFILE1 [DUMPFILE2 ..] DUMPFILE: the parts keep their format and level.</summary>
        private static void Reassembling(MakeDumpFileOptions o)
        {
            if (o.Compression != PageCompression.None || o.DumpLevel != 0 || o.Elf || o.Flatten || o.Split)
                throw new UsageException("--reassemble takes no -c, -l, -p, -z, -d, -E, -F or --split: the split files already have their format");
            if (o.DryRun) throw new UsageException("--dry-run cannot be used with --reassemble");
            // check_param_for_reassembling_dumpfile() refuses flag_read_vmcoreinfo too.
            if (o.VmcoreInfoFile != null || o.Vmlinux != null) throw new UsageException("--reassemble takes no -i or -x: reassembling reads no kernel data");
            if (o.Paths.Count < 2) throw new UsageException("--reassemble takes the split DUMPFILEs and then the DUMPFILE to write");
        }

        /// <summary>The dump, --split, -F, --dump-dmesg and --mem-usage.</summary>
        private static void Creating(MakeDumpFileOptions o)
        {
            // 1.7.2 also refuses -i with --xen-syms here; ours refuses the Xen options while parsing.
            if (o.VmcoreInfoFile != null && o.Vmlinux != null) throw new UsageException("-i and -x cannot be combined: both give the dumped kernel's VMCOREINFO");
            // 1.7.2: a filter file needs the vmlinux's debug information to find its symbols.
            if (o.FilterConfig != null && o.Vmlinux == null) throw new UsageException("--config needs -x VMLINUX: the filter's symbols and types come from the vmlinux's debug information");
            if (o.FilterConfig != null && o.Split) throw new UsageException("--config with --split is not supported yet: erase with one DUMPFILE, then split that");
            if (o.Compression != PageCompression.None && o.Elf) throw new UsageException("-E cannot be combined with -c, -l, -p or -z");
            if (o.DryRun && o.DumpDmesg) throw new UsageException("--dry-run cannot be used with --dump-dmesg");
            if (o.Flatten && o.Split) throw new UsageException("-F cannot be combined with --split");
            if (o.ThreadsGiven && o.Split) throw new UsageException("--num-threads cannot be used with --split");
            if (o.ThreadsGiven && o.Elf) throw new UsageException("--num-threads cannot be used with the ELF format (-E)");
            if (o.PartialDmesg && !o.DumpDmesg) throw new UsageException("--partial-dmesg goes with --dump-dmesg");
            int n = o.Paths.Count;
            if (o.Split)
            {
                if (n < 3) throw new UsageException("--split takes VMCORE and at least two DUMPFILEs");
                if (o.Elf) throw new UsageException("--split writes kdump-compressed files and cannot be combined with -E");
                return;
            }
            if (o.DumpDmesg)
            {
                if (n != 2) throw new UsageException("--dump-dmesg takes VMCORE and LOGFILE");
                return;
            }
            if (o.MemUsage)
            {
                if (n != 1) throw new UsageException("--mem-usage takes one VMCORE");
                return;
            }
            // 1.7.2 takes exactly VMCORE DUMPFILE (VMCORE with -F); ours also takes the pieces of a
            // --split set as several VMCOREs before DUMPFILE (docs/makedumpfile.md, "Inputs beyond 1.7.2").
            if (o.Flatten && n < 1) throw new UsageException("-F takes VMCORE (the pieces of a split set) and writes to standard output");
            if (!o.Flatten && n < 2) throw new UsageException("expected VMCORE and DUMPFILE");
        }
    }
}
