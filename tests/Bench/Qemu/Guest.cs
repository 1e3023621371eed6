using System;
using System.IO;
using Bench.Build;
using Bench.Initramfs;
using TestSupport;

namespace Bench.Qemu
{
    /// <summary>Boots a <see cref="GuestSpec"/>: builds its initramfs, starts QEMU, and reads its report.</summary>
    public static class Guest
    {
        public static QemuVm Start(GuestSpec spec, Action<string>? log = null)
        {
            string work = BenchPaths.NewWorkDir(spec.Name);
            bool i386 = spec.Arch == "i386";
            if (!i386 && spec.Arch != "x86_64") throw new ArgumentException($"unknown guest architecture '{spec.Arch}' (x86_64, i386)");
            string kernel = spec.KernelImage ?? KernelBuild.Get(spec.Arch).BzImage;
            var initramfs = new InitramfsBuilder(spec.Script);
            if (i386) Bench.I386.I386Initramfs.AddTo(initramfs, spec.WithTools, log);
            else if (spec.WithTools) initramfs.AddTools(ToolPublisher.Publish(log));
            spec.Customize?.Invoke(initramfs, work);
            string initrd = initramfs.Write(Path.Combine(work, "initramfs.cpio.gz"));
            log?.Invoke($"booting {spec.Name} in {work}");
            return QemuVm.Start(new QemuOptions
            {
                Arch = spec.Arch,
                Kernel = kernel,
                Initrd = initrd,
                Append = ("console=ttyS0 panic=-1 loglevel=4 " + spec.ExtraAppend).Trim(),
                MemoryMiB = spec.MemoryMiB,
                Cpus = spec.Cpus,
                Disk = spec.Disk,
                DiskSnapshot = spec.DiskSnapshot,
                Timeout = spec.Timeout,
            }, work);
        }

        /// <summary>Runs the scenario until the guest stops; fails when it never reached the end of its script.</summary>
        public static ConsoleLog Run(GuestSpec spec, Action<string>? log = null)
        {
            using QemuVm vm = Start(spec, log);
            ConsoleLog result = vm.WaitForExit();
            if (result.DoneExitCode == null)
                throw new BenchException($"guest '{spec.Name}' stopped before its scenario finished. Console tail:\n{result.Tail(80)}");
            return result;
        }
    }
}
