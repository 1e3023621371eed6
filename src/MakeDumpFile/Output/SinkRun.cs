using System;
using Common.DumpFormats.Output;

namespace MakeDumpFile.Output
{
    /// <summary>
    /// How every mode that writes a dump (dump, --split, --reassemble, -R) writes one output and
    /// ends: the writer fills the sink, the sink is committed (the file gets its name), a full
    /// disk keeps what was written marked incomplete, and the sink is disposed whatever
    /// happens, so an unfinished file never stays behind.
    /// </summary>
    internal static class SinkRun
    {
        /// <summary>
        /// Runs <paramref name="write"/> then <paramref name="commit"/> (default: the sink's own
        /// Commit); false when the disk filled up (or -L was reached). Then, given
        /// <paramref name="retryLine"/> (the next -d level is to be tried), the error line and
        /// that line are printed and nothing is kept, as 1.7.2's create_dumpfile() deletes the
        /// file before it tries again; else what was written is kept incomplete and 1.7.2's
        /// closing line printed.
        /// </summary>
        public static bool WriteAndCommit(IDumpSink sink, Action<IDumpSink> write, Messages m, Action<IDumpSink>? commit = null, string? retryLine = null)
        {
            try
            {
                write(sink);
                if (commit != null) commit(sink);
                else sink.Commit();
                return true;
            }
            catch (DiskFullException e)
            {
                if (retryLine != null)
                {
                    m.ErrorLine(e.Message);
                    m.Info(retryLine);
                }
                else
                {
                    HandleDiskFull(sink, e, m);
                }
                return false;
            }
            finally
            {
                sink.Dispose();
            }
        }

        /// <summary>
        /// The line 1.7.2 prints before it makes the dump again with the next level of -d
        /// DL1,DL2,... after a full output (create_dumpfile()); null when there is no next level
        /// or the output is a -F stream, whose bytes already sent cannot be taken back (1.7.2
        /// starts a second stream after the first; ours stops).
        /// </summary>
        public static string? RetryLine(Cli.MakeDumpFileOptions o, int attempt) =>
            attempt + 1 < o.DumpLevels.Count && !o.Flatten ? $"Retry to create a dumpfile by dump_level({o.DumpLevels[attempt + 1]}).\n" : null;

        /// <summary>
        /// A write ran out of room: the output is kept as far as it can be, marked incomplete the
        /// way its writer's format says (the marker travels with the exception), and the run
        /// ends as 1.7.2 ends it.
        /// </summary>
        private static void HandleDiskFull(IDumpSink sink, DiskFullException e, Messages m)
        {
            m.ErrorLine($"{e.Message}: {sink.KeepIncomplete(e.Marker)}");
            // makedumpfile 1.7.2 closes a run cut short by ENOSPC with this line too.
            m.Info("\nmakedumpfile Failed.\n");
        }

        /// <summary>1.7.2's closing lines of a run that wrote <paramref name="files"/> (none to name for -F); exit status 0.</summary>
        public static int Completed(Messages m, params string[] files)
        {
            if (files.Length == 1) m.Info($"\nThe dumpfile is saved to {files[0]}.\n");
            else if (files.Length > 1) m.Info("\nThe dumpfiles are saved to " + string.Join(", ", files) + ".\n");
            m.Info("\nmakedumpfile Completed.\n");
            return 0;
        }
    }
}
