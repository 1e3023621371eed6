using System;
using System.CommandLine;
using Common;

namespace Kexec
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            var root = new RootCommand("Load a kernel for kexec, kdump or kexec jump, and execute it.");
            // Our own --version (also -v, as kexec-tools spells it) replaces the default one.
            for (int i = root.Options.Count - 1; i >= 0; i--)
                if (root.Options[i] is VersionOption) root.Options.RemoveAt(i);
            var version = new Option<bool>("--version", "-v") { Description = "Print the version and exit." };
            root.Options.Add(version);
            root.SetAction(parse =>
            {
                if (parse.GetValue(version))
                {
                    Console.WriteLine(ToolVersion.Line("kexec"));
                    return 0;
                }
                Console.Error.WriteLine("kexec: nothing to do (see --help)");
                return 2;
            });
            return root.Parse(args).Invoke();
        }
    }
}
