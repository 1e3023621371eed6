using System;
using System.CommandLine;
using System.Linq;
using Kexec.Loaders;
using Kexec.Memory;

namespace Kexec.Cli
{
    /// <summary>
    /// kexec-tools' options (kexec/kexec.h KEXEC_OPTIONS and the x86 ones) on System.CommandLine,
    /// which accepts "--opt=value" and "--opt value" as getopt_long does.
    /// </summary>
    internal sealed class KexecCommandLine
    {
        private readonly Option<bool> _load = new Option<bool>("--load", "-l") { Description = "Load the new kernel into the current kernel." };
        private readonly Option<bool> _loadPanic = new Option<bool>("--load-panic", "-p") { Description = "Load the new kernel for use on panic (kdump)." };
        private readonly Option<bool> _exec = new Option<bool>("--exec", "-e") { Description = "Execute a currently loaded kernel." };
        private readonly Option<bool> _unload = new Option<bool>("--unload", "-u") { Description = "Unload the current kexec target kernel (with -p: the crash kernel)." };
        private readonly Option<bool> _fileSyscall = new Option<bool>("--kexec-file-syscall", "-s") { Description = "Use the kexec_file_load syscall." };
        private readonly Option<bool> _kexecSyscall = new Option<bool>("--kexec-syscall", "-c") { Description = "Use the kexec_load syscall (the default)." };
        private readonly Option<bool> _status = new Option<bool>("--status", "-S") { Description = "Exit 0 if a kernel of the type (crash by default, normal with -l) is loaded, 1 if not." };
        private readonly Option<bool> _debug = new Option<bool>("--debug", "-d") { Description = "Print debugging information." };
        private readonly Option<string?> _type = new Option<string?>("--type", "-t") { Description = "Specify the new kernel is of this type (bzImage64, bzImage32, elf-vmlinux, elf-executable)." };
        private readonly Option<bool> _force = new Option<bool>("--force", "-f") { Description = "Force an immediate kexec: load and execute without asking." };
        private readonly Option<string?> _initrd = new Option<string?>("--initrd", "--ramdisk") { Description = "Use FILE as the kernel's initial ramdisk." };
        private readonly Option<string?> _append = new Option<string?>("--append", "--command-line") { Description = "Append STRING to the kernel command line." };
        private readonly Option<bool> _reuseCmdline = new Option<bool>("--reuse-cmdline") { Description = "Use the command line of the running kernel (then --append)." };
        private readonly Option<string?> _memMin = new Option<string?>("--mem-min") { Description = "Lowest physical address for the new image." };
        private readonly Option<string?> _memMax = new Option<string?>("--mem-max") { Description = "Highest physical address for the new image." };
        private readonly Option<bool> _elf64 = new Option<bool>("--elf64-core-headers") { Description = "Prepare ELF64 core headers (default on x86_64)." };
        private readonly Option<bool> _elf32 = new Option<bool>("--elf32-core-headers") { Description = "Prepare ELF32 core headers." };
        private readonly Option<bool> _preserve = new Option<bool>("--load-preserve-context", "--load-jump-back") { Description = "Load the new kernel and preserve the current one's context: kexec jump, returning later." };
        private readonly Option<string?> _helper = new Option<string?>("--load-jump-back-helper") { Description = "Load a helper image to jump back to ENTRY (=ENTRY or --entry=ENTRY).", Arity = ArgumentArity.ZeroOrOne };
        private readonly Option<string?> _entry = new Option<string?>("--entry") { Description = "Entry address for --load-jump-back-helper." };
        private readonly Option<bool> _argsNone = new Option<bool>("--args-none") { Description = "Jump directly to the ELF entry, passing nothing (no boot protocol)." };
        private readonly Option<bool> _entry32 = new Option<bool>("--entry-32bit") { Description = "Use the kernel's 32-bit entry point." };
        private readonly Option<bool> _dryRun = new Option<bool>("--dry-run") { Description = "Do everything but the system call and print the plan." };
        private readonly Option<bool> _json = new Option<bool>("--json") { Description = "With --dry-run: print the plan as JSON." };
        private readonly Option<bool> _version = new Option<bool>("--version", "-v") { Description = "Print the version and exit." };
        private readonly Argument<string?> _kernel = new Argument<string?>("kernel") { Description = "Kernel image (or ELF executable with --args-none).", Arity = ArgumentArity.ZeroOrOne };

        public KexecCommandLine()
        {
            Root = new RootCommand("Load a kernel for kexec, kdump or kexec jump, and execute it.\n\nFile types:\n  " +
                string.Join("\n  ", LoaderTable.All.Select(l => l.Usage)));
            for (int i = Root.Options.Count - 1; i >= 0; i--)
                if (Root.Options[i] is VersionOption) Root.Options.RemoveAt(i);
            foreach (Option o in new Option[] { _load, _loadPanic, _exec, _unload, _fileSyscall, _kexecSyscall, _status, _debug, _type, _force,
                         _initrd, _append, _reuseCmdline, _memMin, _memMax, _elf64, _elf32, _preserve, _helper, _entry, _argsNone, _entry32,
                         _dryRun, _json, _version })
                Root.Options.Add(o);
            Root.Arguments.Add(_kernel);
        }

        public RootCommand Root { get; }

        public bool WantsVersion(ParseResult p) => p.GetValue(_version);

        /// <summary>Turns a successful parse into options; throws KexecException for contradictions.</summary>
        public KexecOptions ToOptions(ParseResult p)
        {
            var o = new KexecOptions
            {
                Panic = p.GetValue(_loadPanic),
                PreserveContext = p.GetValue(_preserve),
                KernelPath = p.GetValue(_kernel),
                Type = p.GetValue(_type),
                InitrdPath = p.GetValue(_initrd),
                Append = p.GetValue(_append),
                ReuseCmdline = p.GetValue(_reuseCmdline),
                Elf32CoreHeaders = p.GetValue(_elf32),
                Elf64CoreHeaders = p.GetValue(_elf64),
                ArgsNone = p.GetValue(_argsNone),
                Entry32Bit = p.GetValue(_entry32),
                DryRun = p.GetValue(_dryRun),
                Json = p.GetValue(_json),
                Debug = p.GetValue(_debug),
                Force = p.GetValue(_force),
                FileSyscall = p.GetValue(_fileSyscall),
                KexecSyscall = p.GetValue(_kexecSyscall),
            };
            if (o.Elf32CoreHeaders && o.Elf64CoreHeaders)
                throw new KexecException("--elf32-core-headers and --elf64-core-headers exclude each other");
            if (o.FileSyscall && o.KexecSyscall)
                throw new KexecException("-s and -c exclude each other");
            if (o.Json && !o.DryRun)
                throw new KexecException("--json goes with --dry-run");
            string? memMin = p.GetValue(_memMin), memMax = p.GetValue(_memMax);
            if (memMin != null)
            {
                if (!NumberParser.TryParse(memMin, out ulong v)) throw new KexecException($"bad --mem-min value '{memMin}'");
                o.MemMin = v;
                o.MemMinGiven = true;
            }
            if (memMax != null)
            {
                if (!NumberParser.TryParse(memMax, out ulong v)) throw new KexecException($"bad --mem-max value '{memMax}'");
                o.MemMax = v;
                o.MemMaxGiven = true;
            }
            if (o.MemMin > o.MemMax)
                throw new KexecException($"--mem-min 0x{o.MemMin:x} is above --mem-max 0x{o.MemMax:x}");

            bool helper = p.GetResult(_helper) != null;
            bool load = p.GetValue(_load), exec = p.GetValue(_exec), unload = p.GetValue(_unload), status = p.GetValue(_status);
            if (helper)
            {
                string? text = p.GetValue(_helper) ?? p.GetValue(_entry);
                if (text == null)
                    throw new KexecException("--load-jump-back-helper needs the entry: --load-jump-back-helper=ENTRY or --entry=ENTRY");
                if (!NumberParser.TryParse(text, out ulong entry))
                    throw new KexecException($"bad jump-back entry '{text}': not a number");
                o.HelperEntry = entry;
                o.Action = KexecAction.LoadJumpBackHelper;
            }
            else if (p.GetValue(_entry) != null)
            {
                throw new KexecException("--entry goes with --load-jump-back-helper");
            }
            else if (status)
            {
                o.Action = KexecAction.Status;
                o.Panic = !load;
            }
            else if (unload)
            {
                o.Action = KexecAction.Unload;
            }
            else if (load || o.Panic || o.PreserveContext)
            {
                o.Action = exec ? KexecAction.LoadAndExec : KexecAction.Load;
            }
            else if (exec)
            {
                o.Action = KexecAction.Exec;
            }
            else if (o.KernelPath != null)
            {
                // kexec-tools: a kernel without an action means load it and execute it now.
                o.Action = KexecAction.LoadAndExec;
            }
            if (o.Panic && o.PreserveContext)
                throw new KexecException("-p and --load-preserve-context exclude each other");
            if ((o.Action == KexecAction.Load || o.Action == KexecAction.LoadAndExec) && o.KernelPath == null)
                throw new KexecException("no kernel file given");
            return o;
        }
    }
}
