using ToolHost.CommandLine;
using static ToolHost.CommandLine.ArgumentKind;

namespace Kexec.Cli
{
    /// <summary>
    /// Every option of kexec-tools 2.0.25 on x86/x86_64 (kexec/kexec.h KEXEC_OPTIONS, the x86
    /// loaders' and arch options, kexec(8)) and ours: the one table --help, docs/options-kexec.md
    /// and the man page come from.
    /// </summary>
    internal static class KexecOptionTable
    {
        public const string General = "";
        public const string Loaders = "Kernel file options (bzImage64, bzImage32, elf-vmlinux, elf-executable)";
        public const string Arch = "Architecture options (x86, x86_64)";
        public const string Ours = "Options of ours (not in kexec-tools)";

        public static readonly OptionTable Table = Build();

        private static OptionSpec O(OptionTable t, string key, char? s, string? l, ArgumentKind a, string help, string section = General) =>
            t.Add(new OptionSpec(key, s, l, a, help) { Section = section });

        private static OptionTable Build()
        {
            var t = new OptionTable("kexec", "kexec-tools 2.0.25");
            O(t, "help", 'h', "help", None, "Print this help.");
            O(t, "version", 'v', "version", None, "Print the version of kexec.").Compatibility = Compatibility.Different;
            t["version"].Note = "the line is \"kexec-tools 2.0.25 (kexec-jump-tools VERSION)\": the kexec-tools release whose options and behaviour this kexec follows, then ours.";
            O(t, "force", 'f', "force", None, "Force an immediate kexec: load (if a kernel is given) and execute,\ndon't call shutdown.");
            O(t, "no-checks", 'i', "no-checks", None, "Fast reboot, no memory integrity checks (purgatory does not\nverify the segments' SHA-256).");
            O(t, "no-ifdown", 'x', "no-ifdown", None, "Don't bring down network interfaces before executing.");
            O(t, "no-sync", 'y', "no-sync", None, "Don't sync filesystems before executing.");
            O(t, "load", 'l', "load", None, "Load the new kernel into the current kernel.");
            O(t, "load-panic", 'p', "load-panic", None, "Load the new kernel for use on panic (kdump).");
            O(t, "unload", 'u', "unload", None, "Unload the current kexec target kernel.\nIf the capture kernel is being unloaded, give -p with -u.");
            O(t, "exec", 'e', "exec", None, "Execute a currently loaded kernel.");
            const string xen = " is for Xen live update, and this kexec does not drive Xen: not supported.";
            var a = O(t, "exec-live-update", null, "exec-live-update", None, "Execute a loaded Xen image after storing the state for live update.");
            a.Compatibility = Compatibility.NotApplicable; a.Note = "--" + a.Long + xen;
            O(t, "type", 't', "type", Required, "Specify the new kernel is of this type.").ArgumentName = "TYPE";
            O(t, "mem-min", null, "mem-min", Required, "Specify the lowest memory address to load code into.").ArgumentName = "ADDR";
            O(t, "mem-max", null, "mem-max", Required, "Specify the highest memory address to load code into.").ArgumentName = "ADDR";
            a = O(t, "reuseinitrd", null, "reuseinitrd", None, "Reuse the initrd from first boot.");
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--reuseinitrd is not supported: give the initrd again with --initrd.";
            O(t, "print-ckr-size", null, "print-ckr-size", None, "Print the crash kernel region size, if available.");
            a = O(t, "load-preserve-context", null, "load-preserve-context", None, "Load the new kernel and preserve the context of the current kernel\nduring kexec (kexec jump).");
            a.Aliases = new[] { "load-jump-back" };
            a.Compatibility = Compatibility.Different;
            a.Note = "also spelled --load-jump-back (ours).";
            a = O(t, "load-jump-back-helper", null, "load-jump-back-helper", Optional, "Load a helper image to jump back to the original kernel\n(entry as =ADDR or --entry=ADDR).");
            a.ArgumentName = "ADDR";
            a.Compatibility = Compatibility.Different;
            a.Note = "the helper segment is one real page of RAM instead of kexec-tools' memsz 0 segment (docs/kexec-vs-kexec-tools.md).";
            a = O(t, "load-live-update", null, "load-live-update", None, "Load the new kernel to overwrite the running (Xen) kernel.");
            a.Compatibility = Compatibility.NotApplicable; a.Note = "--" + a.Long + xen;
            O(t, "entry", null, "entry", Required, "Specify the jump back address.").ArgumentName = "ADDR";
            O(t, "kexec-file-syscall", 's', "kexec-file-syscall", None, "Use the file based syscall (kexec_file_load).");
            O(t, "kexec-syscall", 'c', "kexec-syscall", None, "Use the kexec_load syscall (the default).");
            O(t, "kexec-syscall-auto", 'a', "kexec-syscall-auto", None, "Use kexec_file_load and fall back to kexec_load when it is not\nsupported or the kernel did not understand the image.");
            O(t, "debug", 'd', "debug", None, "Enable debugging to help spot a failure.");
            O(t, "status", 'S', "status", None, "Return 1 if the type (by default crash) is loaded, 0 if not.");

            a = O(t, "append", null, "append", Required, "Set the kernel command line to STRING (after --reuse-cmdline's).", Loaders);
            a.ArgumentName = "STRING";
            a.Aliases = new[] { "command-line" };
            O(t, "reuse-cmdline", null, "reuse-cmdline", None, "Use the kernel command line of the running system.", Loaders);
            a = O(t, "initrd", null, "initrd", Required, "Use FILE as the kernel's initial ramdisk.", Loaders);
            a.ArgumentName = "FILE";
            a.Aliases = new[] { "ramdisk" };
            O(t, "args-linux", null, "args-linux", None, "Pass Linux kernel style options (boot parameters) to an ELF kernel:\nwhat elf-vmlinux does.", Loaders);
            a = O(t, "args-elf", null, "args-elf", None, "Pass ELF boot notes.", Loaders);
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--args-elf: ELF boot notes are not supported: give --args-linux (a Linux ELF kernel) or --args-none.";
            O(t, "args-none", null, "args-none", None, "Jump directly to the ELF entry, passing nothing.", Loaders);
            O(t, "entry-32bit", null, "entry-32bit", None, "Use the kernel's 32-bit entry point.", Loaders);
            a = O(t, "real-mode", null, "real-mode", None, "Use the kernel's real mode entry point.", Loaders);
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--real-mode: the real mode entry is not supported: our purgatory enters the kernel in 64-bit or (--entry-32bit) 32-bit mode.";
            a = O(t, "module", null, "module", Required, "Load module MOD with command-line \"arg1...\" (multiboot; may be repeated).", Loaders);
            a.ArgumentName = "\"MOD arg1 arg2...\"";
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--module: multiboot images are not supported (bzImage, ELF vmlinux and ELF executables are).";

            a = O(t, "reset-vga", null, "reset-vga", None, "Attempt to reset a standard VGA device.", Arch);
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--reset-vga has no effect: our purgatory does not touch the VGA device.";
            a = O(t, "serial", null, "serial", Required, "Specify the serial port for debug output.", Arch);
            a.ArgumentName = "PORT";
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--serial has no effect: our purgatory prints nothing.";
            a = O(t, "serial-baud", null, "serial-baud", Required, "Specify the serial port baud rate.", Arch);
            a.ArgumentName = "BAUD";
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--serial-baud has no effect: our purgatory prints nothing.";
            a = O(t, "console-vga", null, "console-vga", None, "Enable the VGA console.", Arch);
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--console-vga has no effect: our purgatory prints nothing.";
            a = O(t, "console-serial", null, "console-serial", None, "Enable the serial console.", Arch);
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--console-serial has no effect: our purgatory prints nothing.";
            O(t, "pass-memmap-cmdline", null, "pass-memmap-cmdline", None, "Pass the memory map via the command line (memmap=exactmap ...)\nin the kexec on panic case.", Arch);
            a = O(t, "noefi", null, "noefi", None, "Disable EFI support.", Arch);
            a.Compatibility = Compatibility.Different;
            a.Note = "ours never passes EFI information to the new kernel, so this is always in effect.";
            a = O(t, "reuse-video-type", null, "reuse-video-type", None, "Reuse the old boot time video type blindly.", Arch);
            a.Compatibility = Compatibility.NotApplicable;
            a.Note = "--reuse-video-type has no effect: ours passes no video mode (the new kernel probes its own).";
            O(t, "elf32-core-headers", null, "elf32-core-headers", None, "Prepare core headers in ELF32 format.", Arch);
            O(t, "elf64-core-headers", null, "elf64-core-headers", None, "Prepare core headers in ELF64 format (default on x86_64).", Arch);

            a = O(t, "dry-run", null, "dry-run", None, "Do everything but the system calls and print the plan.", Ours);
            a.Compatibility = Compatibility.Extension;
            a = O(t, "json", null, "json", None, "With --dry-run: print the plan as JSON.", Ours);
            a.Compatibility = Compatibility.Extension;
            return t;
        }
    }
}
