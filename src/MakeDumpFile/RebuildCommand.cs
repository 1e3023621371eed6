using ToolHost.CommandLine;
using System;
using System.IO;
using Common.DumpFormats.Flattened;
using Common.DumpFormats.Integrity;
using Common.DumpFormats.Output;
using MakeDumpFile.Cli;
using MakeDumpFile.Output;

namespace MakeDumpFile
{
    /// <summary>-R: turn a flattened stream on standard input back into the dump file it describes.</summary>
    internal static class RebuildCommand
    {
        public static int Run(MakeDumpFileOptions o, Messages m)
        {
            if (o.Paths.Count != 1) throw new UsageException("-R takes one DUMPFILE and reads the flattened stream from standard input");
            IDumpSink sink = DumpCommand.OpenSink(o, o.Paths[0], m);
            bool written = SinkRun.WriteAndCommit(sink, output => FlattenedReader.Rebuild(m.IO.OpenStdin(), output), m, rebuilt =>
            {
                // A stream of ours carries the digest trailer: the rebuilt file must match it
                // before it gets its name (other writers' streams have none and pass as they are).
                IDumpSink inner = rebuilt is SizeLimitedSink limited ? limited.Inner : rebuilt;
                if (inner is FileDumpSink file)
                    file.Commit(path => ImageDigests.Verify(path, "the flattened stream on standard input"));
                else
                    rebuilt.Commit();
            });
            return written ? SinkRun.Completed(m, o.Paths[0]) : 1;
        }
    }
}
