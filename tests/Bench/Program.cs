using System;
using Bench.Build;
using Bench.Fixtures;

namespace Bench
{
    /// <summary>
    /// The bench from the shell, for scripts and people:
    ///   bench kernel [x86_64|i386|i386-pae]   build or find the kernel, print its folder
    ///   bench publish                         publish the tools (NativeAOT), print the folder
    ///   bench fixtures                        make or find the vmcore fixtures, print their folders
    ///   bench package-root                    build or find the Debian 12 image the package test boots into
    ///   bench prepare                         all of the above for x86_64, and the i386 kernels,
    ///                                         userland and Mono tools, the Debian root of the
    ///                                         package test (what the tests need)
    ///   bench demo                            the README's main job (see Demo.cs)
    ///   bench hibernation-benchmark [RUNS]    the kernel's swsusp against our hibernation, a table
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            Action<string> log = m => Console.Error.WriteLine($"bench: {m}");
            string command = args.Length > 0 ? args[0] : "help";
            try
            {
                switch (command)
                {
                    case "kernel":
                        Console.WriteLine(KernelBuild.Get(args.Length > 1 ? args[1] : "x86_64", log).Folder);
                        return 0;
                    case "publish":
                        Console.WriteLine(ToolPublisher.Publish(log));
                        return 0;
                    case "fixtures":
                        Console.WriteLine(FixtureMaker.Ours(log).Folder);
                        Console.WriteLine(FixtureMaker.Debian(log).Folder);
                        return 0;
                    case "package-root":
                        Console.WriteLine(Bench.Packaging.DebianRoot.Image(log));
                        return 0;
                    case "prepare":
                        var sw = System.Diagnostics.Stopwatch.StartNew();
                        log("kernel: " + KernelBuild.Get("x86_64", log).Folder);
                        // Built here, not inside the first 7.3 scenario, so a cold CI says what it is doing.
                        log("kernel: " + KernelBuild.Get(KernelBuild.X86_64_7_3, log).Folder);
                        log("tools: " + ToolPublisher.Publish(log));
                        log("fixture: " + FixtureMaker.Ours(log).Folder);
                        log("fixture: " + FixtureMaker.Debian(log).Folder);
                        log("debug vmlinux: " + TestSupport.DebianKernel.Get().FetchDebugVmlinux(log));
                        foreach (var variant in TestSupport.DebianVariantFixture.All)
                            log("fixture: " + DebianVariantMaker.Make(variant, log));
                        Bench.I386.I386Prepare.Run(log);
                        log("fixture: " + FixtureMaker.I386("i386", log).Folder);
                        log("fixture: " + FixtureMaker.I386("i386-pae", log).Folder);
                        log("package test root: " + Bench.Packaging.DebianRoot.Image(log));
                        log($"prepared in {sw.Elapsed.TotalSeconds:0} s");
                        return 0;
                    case "demo":
                        return Demo.Run(log);
                    case "hibernation-benchmark":
                        return HibernationBenchmark.Run(args.Length > 1 && int.TryParse(args[1], out int runs) && runs > 0 ? runs : 1, log);
                    default:
                        Console.Error.WriteLine("usage: bench kernel [x86_64|i386|i386-pae|x86_64-7.3] | publish | fixtures | package-root | prepare | demo | hibernation-benchmark [RUNS]");
                        return command == "help" ? 0 : 2;
                }
            }
            catch (Exception e) when (e is BenchException || e is InvalidOperationException || e is TimeoutException)
            {
                Console.Error.WriteLine($"bench: {e.Message}");
                return 1;
            }
        }
    }
}
