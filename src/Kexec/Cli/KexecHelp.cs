using System.IO;
using System.Linq;
using Kexec.Loaders;
using ToolHost.CommandLine;

namespace Kexec.Cli
{
    /// <summary>kexec's --help and --version, from the option table.</summary>
    internal static class KexecHelp
    {
        public static void Write(TextWriter w)
        {
            string header = "Usage: kexec [OPTION]... [kernel]\n" +
                            "Directly reboot into a new kernel, load a kdump kernel, or jump to a kernel and back (kexec jump).\n\n" +
                            "A kernel given without -l, -p, -e or -f is loaded, then \"shutdown -r now\" is run\n" +
                            "(the system's shutdown executes it); -f loads and executes it at once.\n" +
                            "Exit status: 0 success; 1 bad command line; 255 a step failed;\n" +
                            "with -S: 1 if the kernel of the type (crash by default, normal with -l) is loaded, 0 if not.";
            string trailer = "Supported kernel file types:\n  " + string.Join("\n  ", LoaderTable.All.Select(l => l.Usage)) + "\n";
            HelpFormatter.Write(w, KexecOptionTable.Table, header, trailer);
        }
    }
}
