using System;
using System.Collections.Concurrent;
using System.Globalization;
using Bench.Build;
using Bench.Qemu;

namespace EndToEnd.Tests.I386
{
    /// <summary>
    /// One boot of an i386 bench kernel (qemu-system-i386, TCG, 512 MiB) whose scenario runs
    /// the three tools under Mono and a dry-run load of the guest's own bzImage. Each flavour
    /// boots once per test run; the tests of <see cref="ToolsUnderMonoTests"/> share it.
    /// </summary>
    internal sealed record MonoGuestRun(KernelArtifacts Kernel, ConsoleLog Log, TimeSpan BootTime)
    {
        public const string GuestBzImage = "/boot/bzImage";

        private static readonly ConcurrentDictionary<string, Lazy<MonoGuestRun>> Runs = new();

        // timed NAME CMD...: a bench step, plus NAME.seconds from the guest's /proc/uptime.
        private const string Script = @"
uptime_s() { cut -d' ' -f1 /proc/uptime; }
timed() {
  _n=$1; _t0=$(uptime_s)
  step ""$@""; _rc=$?
  value ""$_n.seconds"" ""$(awk -v a=""$_t0"" -v b=""$(uptime_s)"" 'BEGIN { printf ""%.2f"", b - a }')""
  return $_rc
}
value init.uptime ""$(uptime_s)""
step uname-m uname -m
timed kexec-version kexec --version
timed makedumpfile-version makedumpfile --version
timed krestore-version krestore --version
timed kexec-dry-run kexec --dry-run -l " + GuestBzImage + @" --append=""console=ttyS0 panic=-1""
";

        public static MonoGuestRun For(string flavour) =>
            Runs.GetOrAdd(flavour, f => new Lazy<MonoGuestRun>(() => Boot(f))).Value;

        public double Seconds(string name) =>
            double.Parse(Log.Values[name + ".seconds"], CultureInfo.InvariantCulture);

        private static MonoGuestRun Boot(string flavour)
        {
            KernelArtifacts kernel = KernelBuild.Get(flavour);
            var spec = new GuestSpec
            {
                Name = "i386-mono-" + flavour,
                Arch = "i386",
                KernelImage = kernel.BzImage,
                Script = Script,
                Customize = (initramfs, _) => initramfs.AddHostFile(GuestBzImage, kernel.BzImage),
                // Mono compiles every method it runs, and TCG emulates every instruction of that.
                Timeout = TimeSpan.FromMinutes(10),
            };
            using QemuVm vm = Guest.Start(spec);
            vm.WaitFor(l => l.Boots.Count > 0, "the i386 guest's /init");
            TimeSpan boot = vm.Clock.Elapsed;
            ConsoleLog log = vm.WaitForExit();
            if (log.DoneExitCode == null)
                throw new Bench.BenchException($"i386 guest ({flavour}) stopped before its scenario finished. Console tail:\n{log.Tail(80)}");
            return new MonoGuestRun(kernel, log, boot);
        }
    }
}
