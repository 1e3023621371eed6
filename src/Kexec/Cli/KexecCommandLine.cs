using System.Collections.Generic;
using System.IO;
using Common.Numbers;
using ToolHost.CommandLine;

namespace Kexec.Cli
{
    /// <summary>
    /// Turns the getopt_long result into kexec-tools' do_* state, option by option in the order
    /// given, as kexec/kexec.c main() does: a later action option overrides an earlier one
    /// (-l after -e loads only), the last --append, --initrd or --type wins, and -S cancels every action.
    /// </summary>
    internal static class KexecCommandLine
    {
        public static KexecOptions ToOptions(ParsedCommandLine p, TextWriter stderr)
        {
            // kexec-tools' defaults: a kernel given alone is loaded, then "shutdown -r now".
            var o = new KexecOptions { DoLoad = true, DoShutdown = true, DoSync = true };
            bool skipSync = false, skipIfdown = false, hasLoad = false;
            foreach (ParsedCommandLine.Occurrence x in p.Occurrences)
            {
                switch (x.Option.Key)
                {
                    case "force": o.DoLoad = true; o.DoShutdown = false; o.DoSync = true; o.DoIfdown = true; o.DoExec = true; break;
                    case "load": o.DoLoad = true; o.DoExec = false; o.DoShutdown = false; hasLoad = true; break;
                    case "unload": o.DoLoad = false; o.DoShutdown = false; o.DoSync = false; o.DoUnload = true; break;
                    case "exec": o.DoLoad = false; o.DoShutdown = false; o.DoSync = true; o.DoIfdown = true; o.DoExec = true; break;
                    case "load-jump-back-helper":
                        o.DoLoad = false; o.DoShutdown = false; o.DoSync = true; o.DoIfdown = true; o.DoExec = false;
                        o.DoLoadJumpBackHelper = true; o.PreserveContext = true; o.Panic = false;
                        if (x.Value != null) SetEntry(o, x.Value);
                        break;
                    case "entry": SetEntry(o, x.Value!); break;
                    case "load-preserve-context":
                        o.DoLoad = true; o.DoExec = false; o.DoShutdown = false; o.DoSync = true; o.PreserveContext = true; o.Panic = false;
                        break;
                    case "load-panic": o.DoLoad = true; o.DoExec = false; o.DoShutdown = false; o.DoSync = false; o.Panic = true; o.PreserveContext = false; break;
                    case "type": o.Type = x.Value; break;
                    case "mem-min": o.MemMin = Address(x); o.MemMinGiven = true; break;
                    case "mem-max": o.MemMax = Address(x); o.MemMaxGiven = true; break;
                    case "kexec-file-syscall": o.FileSyscall = true; o.FileSyscallFallback = false; break;
                    case "kexec-syscall": o.FileSyscall = false; o.FileSyscallFallback = false; break;
                    case "kexec-syscall-auto": o.FileSyscall = true; o.FileSyscallFallback = true; break;
                    case "status": o.DoStatus = true; break;
                    case "print-ckr-size": o.PrintCrashKernelSize = true; break;
                    case "no-ifdown": skipIfdown = true; break;
                    case "no-sync": skipSync = true; break;
                    case "no-checks": o.SkipChecks = true; break;
                    case "debug": o.Debug = true; break;
                    case "append": o.Append = x.Value; break;
                    case "reuse-cmdline": o.ReuseCmdline = true; break;
                    case "initrd": o.InitrdPath = x.Value; break;
                    case "args-linux": o.ArgsNone = false; break;
                    case "args-none": o.ArgsNone = true; break;
                    case "entry-32bit": o.Entry32Bit = true; break;
                    case "elf32-core-headers": o.Elf32CoreHeaders = true; o.Elf64CoreHeaders = false; break;
                    case "elf64-core-headers": o.Elf64CoreHeaders = true; o.Elf32CoreHeaders = false; break;
                    case "pass-memmap-cmdline": o.PassMemmapCmdline = true; break;
                    case "serial-baud":
                        if (!NumberParser.TryParse(x.Value, out ulong baud) || !ValidBaud.Contains(baud))
                            throw new UsageException($"invalid --serial-baud value '{x.Value}'");
                        Notice(stderr, x);
                        break;
                    case "dry-run": o.DryRun = true; break;
                    case "json": o.Json = true; break;
                    default:
                        if (x.Option.Compatibility == Compatibility.NotApplicable)
                        {
                            // A one-line answer: options of purgatory's console go on with a notice, the rest are refused.
                            if (x.Option.Note!.Contains("has no effect")) Notice(stderr, x);
                            else throw new KexecException(x.Option.Note);
                        }
                        // --noefi: always in effect here (see the table).
                        break;
                }
            }
            if (skipIfdown) o.DoIfdown = false;
            if (skipSync) o.DoSync = false;
            if (o.DoStatus)
            {
                // kexec-tools: -S asks about the crash kernel unless -l (or a preserve-context load) was given.
                if (!o.PreserveContext && !hasLoad) o.Panic = true;
                o.DoLoad = o.DoUnload = o.DoShutdown = o.DoSync = o.DoIfdown = o.DoExec = o.DoLoadJumpBackHelper = false;
            }
            if (p.Operands.Count > 1)
                throw new UsageException($"unexpected argument '{p.Operands[1]}': give one kernel file");
            o.KernelPath = p.Operands.Count > 0 ? p.Operands[0] : null;
            if (o.Json && !o.DryRun)
                throw new UsageException("--json goes with --dry-run");
            if (o.MemMin > o.MemMax)
                throw new KexecException($"--mem-min 0x{o.MemMin:x} is above --mem-max 0x{o.MemMax:x}");
            if (o.DoLoadJumpBackHelper && !o.HelperEntryGiven)
                throw new KexecException("--load-jump-back-helper needs the entry: --load-jump-back-helper=ENTRY or --entry=ENTRY");
            if (o.HelperEntryGiven && !o.DoLoadJumpBackHelper)
                throw new KexecException("--entry goes with --load-jump-back-helper");
            if (o.DoLoad && o.KernelPath == null && !o.PrintCrashKernelSize)
                throw new KexecException("no kernel specified");
            return o;
        }

        /// <summary>kexec-tools' x86 --serial-baud accepts these rates (the 8250 divisors of 115200).</summary>
        private static readonly HashSet<ulong> ValidBaud = new HashSet<ulong> { 115200, 57600, 38400, 19200, 9600, 4800, 2400, 1200, 600, 300, 150, 110 };

        private static void Notice(TextWriter stderr, ParsedCommandLine.Occurrence x) =>
            stderr.WriteLine($"kexec: {x.Option.Note}");

        private static void SetEntry(KexecOptions o, string text)
        {
            if (!NumberParser.TryParse(text, out ulong entry))
                throw new KexecException($"bad jump-back entry '{text}': not a number");
            o.HelperEntry = entry;
            o.HelperEntryGiven = true;
        }

        private static ulong Address(ParsedCommandLine.Occurrence x)
        {
            if (!NumberParser.TryParse(x.Value, out ulong v)) throw new UsageException($"bad {x.Option.Long} value '{x.Value}'");
            return v;
        }
    }
}
