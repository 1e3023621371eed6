using System;
using System.IO;
using Bench.Build;
using TestSupport;

namespace Bench.Flows
{
    /// <summary>Reads a saved image's kernel log on the host with our makedumpfile and with Debian's 1.7.2.</summary>
    public static class DumpReaders
    {
        public const string DebianMakedumpfile = "/usr/bin/makedumpfile";

        public static string OursDmesg(string image) => Dmesg(Path.Combine(ToolPublisher.Publish(), "makedumpfile"), image, "ours");

        public static string DebianDmesg(string image) => Dmesg(DebianMakedumpfile, image, "debian");

        private static string Dmesg(string tool, string image, string label)
        {
            string output = image + "." + label + ".dmesg";
            if (File.Exists(output)) File.Delete(output);
            var r = ProcessRunner.Run(tool, new[] { "--dump-dmesg", image, output }, TimeSpan.FromMinutes(2));
            if (r.ExitCode != 0 || !File.Exists(output))
                throw new InvalidOperationException($"{tool} --dump-dmesg {image} exited {r.ExitCode}: {r.StdErr}{r.StdOut}");
            return File.ReadAllText(output);
        }
    }
}
