using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Common.Platform;
using Kexec.Cli;
using Kexec.Loaders;
using Kexec.Memory;
using Kexec.Model;
using Kexec.Output;
using ToolHost.Output;

namespace Kexec.Execution
{
    /// <summary>Carries out one command: everything is read and checked before the single system call.</summary>
    internal sealed class KexecRunner
    {
        private readonly KexecOptions _o;
        private readonly IKexecKernel _kernel;
        private readonly TextWriter _out;
        private readonly TextWriter _err;
        private readonly SystemFiles _files;

        public KexecRunner(KexecOptions options, IKexecKernel kernel, TextWriter stdout, TextWriter stderr)
        {
            _o = options;
            _kernel = kernel;
            _out = stdout;
            _err = stderr;
            _files = new SystemFiles(options.SystemRoot);
        }

        private uint ArchFlags => _o.Architecture == CpuArchitecture.X86_64 ? KexecArch.X86_64 : KexecArch.I386;

        /// <summary>kexec-tools' main() order: status; crash region size; unload; load; shutdown; sync; ifdown; exec; helper.</summary>
        public int Run()
        {
            if (_o.DoStatus)
                return IsLoaded(_o.Panic) ? 1 : 0;
            if (_o.PrintCrashKernelSize)
            {
                PrintCrashKernelSize();
                return ExitCodes.Success;
            }
            if (!_o.DoLoad && !_o.DoUnload && !_o.DoExec && !_o.DoLoadJumpBackHelper)
                throw new KexecException("nothing to do: give -l, -p, -e, -u, -S or a kernel (see --help)");
            if (_o.DoUnload) Unload();
            if (_o.DoLoad) Load();
            if (_o.DryRun)
            {
                if (_o.DoShutdown) _out.WriteLine("dry run: would run shutdown -r now");
                if (_o.DoExec) _out.WriteLine("dry run: would execute the loaded kernel");
                if (_o.DoLoadJumpBackHelper) LoadHelper();
                return ExitCodes.Success;
            }
            // kexec-tools asks /sys/kernel/kexec_loaded; a normal load of this run is there once it succeeded.
            if ((_o.DoShutdown || _o.DoExec) && !(_o.DoLoad && !_o.Panic) && !IsLoaded(crash: false))
                throw new KexecException("nothing has been loaded: load a kernel with -l, --load-preserve-context or --load-jump-back-helper first");
            if (_o.DoShutdown) return Shutdown();
            if (_o.DoSync) _kernel.Sync();
            if (_o.DoIfdown) _kernel.BringNetworkDown();
            if (_o.DoExec) Execute();
            if (_o.DoLoadJumpBackHelper) LoadHelper();
            return ExitCodes.Success;
        }

        private void Unload()
        {
            RequireCapability();
            if (_o.DryRun)
            {
                _out.WriteLine($"dry run: would unload the {(_o.Panic ? "crash" : "kexec")} kernel");
                return;
            }
            Call(() => _kernel.Unload(_o.Panic ? KexecFlags.OnCrash : KexecFlags.None, _o.FileSyscall));
        }

        /// <summary>kexec-tools' my_shutdown: the system's "shutdown -r now", which executes the loaded kernel.</summary>
        private int Shutdown()
        {
            int status = _kernel.RunShutdown();
            if (status != 0) throw new KexecException($"shutdown -r now failed (exit status {status})");
            return ExitCodes.Success;
        }

        /// <summary>--print-ckr-size: the bytes of every "Crash kernel" range in /proc/iomem, in decimal.</summary>
        private void PrintCrashKernelSize()
        {
            ulong total = 0;
            foreach (MemoryRange r in new MemoryMapReader(_files).ReadCrashKernelRanges())
                total += r.Length;
            _out.WriteLine(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        private bool IsLoaded(bool crash)
        {
            string? text = _files.ReadText(crash ? "/sys/kernel/kexec_crash_loaded" : "/sys/kernel/kexec_loaded");
            return text != null && text.Trim() == "1";
        }

        private void RequireCapability()
        {
            if (_o.DryRun) return;
            if (!_kernel.HasSysBootCapability())
                throw new KexecException("permission denied: kexec needs CAP_SYS_BOOT (run as root)");
        }

        private void Execute()
        {
            RequireCapability();
            Call(_kernel.Execute);
            // reboot(LINUX_REBOOT_CMD_KEXEC) returns only after a preserve-context image jumped back.
            if (_o.Debug) _err.WriteLine("kexec: returned from the jump");
        }

        private void Load()
        {
            string kernelPath = _o.KernelPath!;
            if (_o.FileSyscall && LoadWithFileSyscall(kernelPath))
                return;
            Submit(BuildImage(kernelPath));
        }

        /// <summary>
        /// The one way an image reaches kexec_load (or the dry-run plan): every loader's and the
        /// helper's image is checked here first (KexecImage.Validate), as the kernel's kexec core
        /// checks every load in one place.
        /// </summary>
        private void Submit(KexecImage image)
        {
            image.Validate();
            if (_o.DryRun)
            {
                PlanPrinter.Print(_out, image, ArchFlags, _o.Json);
                return;
            }
            RequireCapability();
            if (_o.Debug) PlanPrinter.Print(_err, image, ArchFlags, json: false);
            Call(() => _kernel.Load(image, ArchFlags));
        }

        internal KexecImage BuildImage(string kernelPath)
        {
            byte[] kernel = ReadInput(kernelPath, "kernel");
            byte[]? initrd = _o.InitrdPath == null ? null : ReadInput(_o.InitrdPath, "initrd");
            var reader = new MemoryMapReader(_files);
            var map = reader.Read();
            var context = new LoadContext(LoadRequest.From(_o), _files, map, reader.ReadCrashKernelRanges(), reader.ReadSystemRamFromIomem(), BaseCommandLine(), initrd);
            var loader = LoaderTable.Choose(kernel, context);
            if (_o.Debug) _err.WriteLine($"kexec: memory map from {reader.Source}, {map.Count} ranges; loader {loader.Name}");
            return loader.Load(kernel, context);
        }

        /// <summary>kexec_file_load; false when -a falls back to kexec_load (the kernel lacks it or refused the image).</summary>
        private bool LoadWithFileSyscall(string kernelPath)
        {
            if (_o.PreserveContext)
                throw new KexecException("--load-preserve-context needs kexec_load (-c): kexec_file_load has no such flag");
            bool placedByUs = _o.ArgsNone || _o.MemMinGiven || _o.MemMaxGiven || _o.Entry32Bit || _o.Elf32CoreHeaders || _o.SkipChecks;
            if (_o.FileSyscallFallback && (placedByUs || _o.Architecture != CpuArchitecture.X86_64))
                return false;
            if (_o.ArgsNone || _o.MemMinGiven || _o.MemMaxGiven || _o.Entry32Bit || _o.Elf32CoreHeaders)
                throw new KexecException("with -s the kernel places the image itself: --args-none, --mem-min/--mem-max, --entry-32bit and --elf32-core-headers need -c");
            if (_o.Architecture != CpuArchitecture.X86_64)
                throw new KexecException("kexec_file_load does not exist on i386");
            ReadInput(kernelPath, "kernel");
            if (_o.InitrdPath != null) ReadInput(_o.InitrdPath, "initrd");
            string cmdline = BaseCommandLine();
            var flags = (_o.Panic ? KexecFileFlags.OnCrash : 0) | (_o.InitrdPath == null ? KexecFileFlags.NoInitramfs : 0) | (_o.Debug ? KexecFileFlags.Debug : 0);
            if (_o.DryRun)
            {
                if (_o.Json)
                    _out.WriteLine(new JsonWriter().BeginObject().Property("syscall", "kexec_file_load").Property("kernel", kernelPath)
                        .Property("initrd", _o.InitrdPath).Property("commandLine", cmdline).Property("flags", (ulong)flags).EndObject().ToString());
                else
                    _out.WriteLine($"kexec_file_load: kernel {kernelPath}, initrd {_o.InitrdPath ?? "(none)"}, flags 0x{(uint)flags:x}, command line \"{cmdline}\"");
                return true;
            }
            RequireCapability();
            try
            {
                Call(() => _kernel.FileLoad(kernelPath, _o.InitrdPath, cmdline, flags));
            }
            catch (KexecException) when (_o.FileSyscallFallback && _lastErrno is LinuxSystem.ENOSYS or LinuxSystem.ENOEXEC or LinuxSystem.EKEYREJECTED)
            {
                // kexec-tools -a: EFALLBACK, then the same load through kexec_load.
                if (_o.Debug) _err.WriteLine("kexec: kexec_file_load failed, falling back to kexec_load");
                return false;
            }
            return true;
        }

        /// <summary>--load-jump-back-helper: the image kernel B loads to return to kernel A (JumpBackHelper).</summary>
        private void LoadHelper()
        {
            var reader = new MemoryMapReader(_files);
            var ram = reader.ReadSystemRamFromIomem();
            if (ram.Count == 0) ram = reader.Read().Where(r => r.Type == MemoryType.Ram).ToList();
            Submit(JumpBackHelper.Build(ram, _o.MemMin, _o.MemMax, _o.HelperEntry));
        }

        private string BaseCommandLine()
        {
            var parts = new List<string>();
            if (_o.ReuseCmdline)
            {
                string? running = _files.ReadText("/proc/cmdline");
                if (running == null) throw new KexecException("--reuse-cmdline: cannot read /proc/cmdline");
                foreach (string p in running.Trim().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    // Per-boot parameters the next kernel must not inherit (kexec-tools drops BOOT_IMAGE and crashkernel too).
                    if (p.StartsWith("BOOT_IMAGE=", StringComparison.Ordinal) || p.StartsWith("elfcorehdr=", StringComparison.Ordinal) ||
                        p.StartsWith("kexec_jump_back_entry=", StringComparison.Ordinal) ||
                        _o.Panic && p.StartsWith("crashkernel=", StringComparison.Ordinal))
                        continue;
                    parts.Add(p);
                }
            }
            if (!string.IsNullOrEmpty(_o.Append)) parts.Add(_o.Append!.Trim());
            return string.Join(" ", parts);
        }

        private static byte[] ReadInput(string path, string what)
        {
            try
            {
                byte[] data = File.ReadAllBytes(path);
                if (data.Length == 0) throw new KexecException($"{path}: empty {what} file");
                return data;
            }
            catch (FileNotFoundException)
            {
                throw new KexecException($"{path}: {what} file not found");
            }
            catch (DirectoryNotFoundException)
            {
                throw new KexecException($"{path}: {what} file not found");
            }
            catch (UnauthorizedAccessException)
            {
                throw new KexecException($"{path}: cannot read the {what} file: permission denied");
            }
            catch (IOException e)
            {
                throw new KexecException($"{path}: cannot read the {what} file: {e.Message}");
            }
        }

        private int _lastErrno;

        private void Call(Action action)
        {
            try
            {
                action();
            }
            catch (SyscallException e) when (SetErrno(e.Errno) && e.Errno == LinuxSystem.EPERM)
            {
                throw new KexecException($"{e.Call}: permission denied: kexec needs CAP_SYS_BOOT (and kexec_load_disabled unset)");
            }
            catch (SyscallException e)
            {
                throw new KexecException(e.Message);
            }
        }

        private bool SetErrno(int errno)
        {
            _lastErrno = errno;
            return true;
        }
    }
}
