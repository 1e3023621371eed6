using System;
using System.Diagnostics;
using Bench.Build;

namespace Bench.I386
{
    /// <summary>
    /// What `bench prepare` readies for the i386 guests, once, before test projects run side
    /// by side: both i386 kernels (without and with PAE), Debian's i386 userland with Mono,
    /// Debian's i386 makedumpfile (the kdump header reference) and the net472 build of the tools. Logs how long each took (cold CI time budget).
    /// </summary>
    public static class I386Prepare
    {
        public static readonly string[] KernelFlavours = { "i386", "i386-pae" };

        public static void Run(Action<string> log)
        {
            foreach (string flavour in KernelFlavours)
                Timed(log, "kernel " + flavour, () => KernelBuild.Get(flavour, log).Folder);
            Timed(log, "i386 userland", () => I386Userland.Get(log).Folder);
            Timed(log, "i386 makedumpfile", () => DebianI386MakedumpfileDownload.Get(log).Folder);
            Timed(log, "mono tools", () => MonoToolBuilder.Build(log));
        }

        private static void Timed(Action<string> log, string what, Func<string> make)
        {
            var sw = Stopwatch.StartNew();
            string result = make();
            log($"{what}: {result} ({sw.Elapsed.TotalSeconds:0} s)");
        }
    }
}
