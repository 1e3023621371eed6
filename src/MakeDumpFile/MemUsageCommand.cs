using ToolHost.CommandLine;
using System.Collections.Generic;
using Common.DumpFormats;
using MakeDumpFile.Cli;
using MakeDumpFile.Filtering;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;

namespace MakeDumpFile
{
    /// <summary>--mem-usage: count every page type as -d 31 would, write nothing.</summary>
    internal static class MemUsageCommand
    {
        public static int Run(MakeDumpFileOptions o, Messages m)
        {
            if (o.Paths.Count != 1) throw new UsageException("--mem-usage takes one VMCORE");
            VmcoreInfoFile? file = VmcoreInfoFile.OpenFor(o, o.Paths[0]);
            using IPageSource source = Jump.JumpInput.Open(o, o.Paths[0], m);
            var warnings = new List<string>();
            KernelImage? kernel = DumpCommand.LoadKernel(source, file, DumpLevel.Max, warnings);
            FilterResult f = DumpFilter.Run(source, kernel, DumpLevel.Max, excludeZeroNow: true, o.Threads, null, warnings);
            foreach (string w in warnings) m.Info(w + "\n");
            m.IO.Out.Write(Report.MemUsage(f.MaxMapNr, f.Counters, source.PageSize));
            return 0;
        }
    }
}
