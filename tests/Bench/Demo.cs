using System;
using Bench.Qemu;

namespace Bench
{
    /// <summary>
    /// The README's main job: boots our patched kernel under QEMU with the NativeAOT tools in
    /// its initramfs and runs them there, printing what the guest reported.
    /// </summary>
    internal static class Demo
    {
        private const string Script = @"
step kexec-version kexec --version
step makedumpfile-version makedumpfile --version
step krestore-version krestore --version
step memory-map sh -c 'for d in /sys/firmware/memmap/*; do echo ""$(cat $d/start)-$(cat $d/end) $(cat $d/type)""; done'
";

        public static int Run(Action<string> log)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            ConsoleLog result = Guest.Run(new GuestSpec { Name = "demo", Script = Script }, log);
            Console.WriteLine($"guest booted kernel {string.Join(", ", result.Boots)}");
            foreach (ConsoleLog.Step step in result.Steps)
            {
                Console.WriteLine($"--- guest$ {step.Name} (exit {step.ExitCode})");
                foreach (string line in step.Output) Console.WriteLine("    " + line);
            }
            Console.WriteLine($"demo finished in {sw.Elapsed.TotalSeconds:0.0} s, scenario exit status {result.DoneExitCode}");
            return result.DoneExitCode == 0 ? 0 : 1;
        }
    }
}
