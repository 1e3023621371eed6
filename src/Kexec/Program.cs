using System;
using System.IO;
using Kexec.Cli;
using Kexec.Execution;
using ToolHost;
using ToolHost.CommandLine;
using ToolHost.Output;

namespace Kexec
{
    internal static class Program
    {
        private static int Main(string[] args) => Run(args, ToolIO.FromConsole(), new LinuxKexecKernel(), null);

        /// <summary>The whole tool, as the tests run it: text streams only.</summary>
        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, IKexecKernel kernel, Action<KexecOptions>? adjust) =>
            Run(args, new ToolIO(stdout, stderr), kernel, adjust);

        /// <summary>The whole tool, with its streams, the kernel interface and the options injectable for tests.</summary>
        internal static int Run(string[] args, ToolIO io, IKexecKernel kernel, Action<KexecOptions>? adjust)
        {
            try
            {
                ParsedCommandLine p = GetOptLong.Parse(args, KexecOptionTable.Table);
                // kexec-tools acts on -h and -v where it meets them, before anything else is checked.
                foreach (ParsedCommandLine.Occurrence x in p.Occurrences)
                {
                    if (x.Option.Key == "help")
                    {
                        KexecHelp.Write(io.Out);
                        return ExitCodes.Success;
                    }
                    if (x.Option.Key == "version")
                    {
                        io.Out.WriteLine(ToolVersion.Text("kexec"));
                        return ExitCodes.Success;
                    }
                }
                KexecOptions options = KexecCommandLine.ToOptions(p, io.Err);
                adjust?.Invoke(options);
                return new KexecRunner(options, kernel, io.Out, io.Err).Run();
            }
            catch (UsageException e)
            {
                io.Err.WriteLine($"kexec: {e.Message} (see --help)");
                return ExitCodes.Usage;
            }
            catch (KexecException e)
            {
                io.Err.WriteLine($"kexec: {e.Message}");
                return e.ExitCode;
            }
            catch (IOException e)
            {
                io.Err.WriteLine($"kexec: {ErrorText.Describe(e)}");
                return ExitCodes.Failure;
            }
            catch (UnauthorizedAccessException e)
            {
                io.Err.WriteLine($"kexec: {ErrorText.Describe(e)}");
                return ExitCodes.Failure;
            }
        }
    }
}
