using System;
using System.IO;
using Common;
using Kexec.Cli;
using Kexec.Execution;

namespace Kexec
{
    internal static class Program
    {
        private static int Main(string[] args) => Run(args, Console.Out, Console.Error, new LinuxKexecKernel(), null);

        /// <summary>The whole tool, with its outputs, the kernel interface and the options injectable for tests.</summary>
        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, IKexecKernel kernel, Action<KexecOptions>? adjust)
        {
            var cli = new KexecCommandLine();
            int exit = 0;
            cli.Root.SetAction(p =>
            {
                if (cli.WantsVersion(p))
                {
                    stdout.WriteLine(ToolVersion.Line("kexec"));
                    return 0;
                }
                try
                {
                    var options = cli.ToOptions(p);
                    adjust?.Invoke(options);
                    exit = new KexecRunner(options, kernel, stdout, stderr).Run();
                }
                catch (KexecException e)
                {
                    stderr.WriteLine($"kexec: {e.Message}");
                    exit = e.ExitCode;
                }
                return exit;
            });
            var parse = cli.Root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                stderr.WriteLine($"kexec: {parse.Errors[0].Message} (see --help)");
                return 1;
            }
            var config = new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr };
            return parse.Invoke(config);
        }
    }
}
