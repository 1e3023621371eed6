using System;
using System.IO;
using System.Text;
using Common.DumpFormats;
using Common.DumpFormats.Output;
using Common.Dwarf;
using Common.Elf;
using MakeDumpFile.Cli;
using MakeDumpFile.Output;

namespace MakeDumpFile.Debuginfo
{
    /// <summary>
    /// -x VMLINUX: the vmlinux's VMCOREINFO text, for -g (GenerateCommand) and for a dump's
    /// kernel analysis in place of the note. A vmlinux that is unreadable, stripped or without
    /// DWARF is one error naming it, never an exception trace.
    /// </summary>
    internal static class VmlinuxVmcoreInfo
    {
        /// <summary>
        /// The page size -g writes: 1.7.2 takes sysconf(_SC_PAGE_SIZE) of the machine it runs on;
        /// every x86 kernel has 4 KiB pages.
        /// </summary>
        public const long PageSize = 4096;

        public static string Generate(string vmlinux)
        {
            try
            {
                using KernelDebugInfo k = KernelDebugInfo.Open(vmlinux, VmcoreInfoFromVmlinux.Names());
                return VmcoreInfoFromVmlinux.Generate(k, PageSize);
            }
            catch (Exception e) when (e is ElfFormatException || e is DwarfFormatException || e is DumpFormatException)
            {
                throw new KernelDebugInfoException($"-x {vmlinux}: {e.Message}");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new KernelDebugInfoException($"-x {vmlinux}: cannot read the vmlinux: {ToolHost.Output.ErrorText.Reason(e)}");
            }
        }
    }

    /// <summary>-g VMCOREINFO -x VMLINUX: writes the vmlinux's VMCOREINFO text to a file (0600, under a temporary name until complete).</summary>
    internal static class GenerateCommand
    {
        public static int Run(MakeDumpFileOptions o, Messages m)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(VmlinuxVmcoreInfo.Generate(o.Vmlinux!));
            // 1.7.2 opens the file with fopen("w"): an existing one is replaced, -f or not.
            IDumpSink sink = DumpCommand.OpenSink(new MakeDumpFileOptions { Force = true, SizeLimit = o.SizeLimit }, o.GenerateVmcoreInfo!, m);
            if (!SinkRun.WriteAndCommit(sink, file => file.Write(0, bytes), m)) return Program.Failed;
            m.Info($"\nThe vmcoreinfo is saved to {o.GenerateVmcoreInfo}.\n");
            return SinkRun.Completed(m);
        }
    }
}
