using ToolHost.CommandLine;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Common.DumpFormats;
using Common.DumpFormats.Output;
using MakeDumpFile.Cli;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;

namespace MakeDumpFile.Dmesg
{
    /// <summary>--dump-dmesg VMCORE LOGFILE: the kernel log as it was at the time of the dump.</summary>
    internal static class DmesgCommand
    {
        public static int Run(MakeDumpFileOptions o, Messages m)
        {
            if (o.Paths.Count != 2) throw new UsageException("--dump-dmesg takes VMCORE and LOGFILE");
            // As 1.7.2's dump_dmesg(): the -i file is opened before the dump, read with its note.
            VmcoreInfoFile? file = VmcoreInfoFile.OpenFor(o, o.Paths[0]);
            using IPageSource source = Jump.JumpInput.Open(o, o.Paths[0], m);
            Common.Vmcore.VmcoreInfo? info = VmcoreInfoFile.For(file, source.VmcoreInfo);
            if (info == null) throw new KernelDataException($"{o.Paths[0]} has no VMCOREINFO: cannot find the kernel log");
            KernelImage kernel = KernelImage.Load(source, info, file);
            var sb = new StringBuilder();
            ulong from = o.PartialDmesg ? PrintkRingBuffer.ClearSequence(kernel) : 0;
            foreach ((ulong ts, byte[] text) in PrintkRingBuffer.Records(kernel, from)) sb.Append(PrintkRingBuffer.Format(ts, text));
            byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
            // -L limits LOGFILE too: 1.7.2 writes what fits and fails ("Size limit(N) reached.").
            IDumpSink sink = DumpCommand.OpenSink(new MakeDumpFileOptions { Force = o.Force, SizeLimit = o.SizeLimit }, o.Paths[1], m);
            if (!SinkRun.WriteAndCommit(sink, log => log.Write(0, bytes), m)) return 1;
            m.Info($"\nThe dmesg log is saved to {o.Paths[1]}.\n");
            return SinkRun.Completed(m);
        }
    }
}
