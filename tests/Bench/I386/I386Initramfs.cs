using System;
using System.Collections.Generic;
using System.IO;
using Bench.Build;
using Bench.Initramfs;

namespace Bench.I386
{
    /// <summary>
    /// Fills an initramfs for an i386 guest: Debian's i386 busybox instead of the host's, the
    /// Mono VM with the shared libraries it links (read from DT_NEEDED, resolved in the i386
    /// tree only), the class libraries, and our net472 tools under <see cref="ToolsDir"/> with
    /// /usr/bin wrappers, so scenario scripts call kexec, makedumpfile and krestore as on x86_64.
    /// </summary>
    public static class I386Initramfs
    {
        public const string ToolsDir = "/opt/kexec-jump-tools";

        /// <summary>Where ld.so looks without an ld.so.cache (Debian's multiarch glibc), in its order.</summary>
        private static readonly string[] LibraryDirs = { "/lib/i386-linux-gnu", "/usr/lib/i386-linux-gnu", "/lib", "/usr/lib" };

        /// <summary>
        /// Native code Mono loads by name at run time rather than through DT_NEEDED: libc.so.6
        /// for our DllImports (src/Common.Elf/Platform), libgcc_s.so.1 which glibc loads to
        /// unwind threads, and Mono's helpers named in /etc/mono/config ($mono_libdir is /usr/lib).
        /// </summary>
        private static readonly string[] LoadedByName = { "libc.so.6", "libgcc_s.so.1" };
        private static readonly string[] MonoHelpers = { "/usr/lib/libmono-native.so", "/usr/lib/libMonoPosixHelper.so" };

        /// <summary>Adds the i386 userland, and with <paramref name="withTools"/> the three tools under Mono.</summary>
        public static void AddTo(InitramfsBuilder initramfs, bool withTools, Action<string>? log = null)
        {
            I386Userland userland = I386Userland.Get(log);
            AddUserland(initramfs, userland);
            if (withTools) AddTools(initramfs, userland, MonoToolBuilder.Build(log));
        }

        /// <summary>Only Debian's static i386 busybox, for guests that run no tool of ours.</summary>
        public static void AddBusybox(InitramfsBuilder initramfs, I386Userland u) =>
            initramfs.AddHostFile("/bin/busybox", u.HostPath("/bin/busybox"), 0x1ED);

        public static void AddUserland(InitramfsBuilder initramfs, I386Userland u)
        {
            AddBusybox(initramfs, u);

            var native = new List<(string Guest, string Host)> { ("/usr/bin/mono", u.HostPath("/usr/bin/mono-sgen")) };
            foreach (string helper in MonoHelpers) native.Add((helper, u.HostPath(helper)));
            foreach (string soname in LoadedByName) native.Add(FindLibrary(u, soname, "the tools"));
            foreach (var (guest, host) in SharedLibraryClosure(u, native))
                initramfs.AddHostFile(guest, host, 0x1ED);

            initramfs.AddHostFile("/etc/mono/config", u.HostPath("/etc/mono/config"));
            initramfs.AddHostFile("/etc/mono/4.5/machine.config", u.HostPath("/etc/mono/4.5/machine.config"));
            // mscorlib is found in the profile folder, every other framework assembly by strong
            // name in the GAC (the profile folder's links into the GAC are not enough).
            initramfs.AddHostFile("/usr/lib/mono/4.5/mscorlib.dll", u.HostPath("/usr/lib/mono/4.5/mscorlib.dll"));
            foreach (string file in u.FilesUnder("/usr/lib/mono/gac"))
                initramfs.AddHostFile(file, u.HostPath(file));
        }

        /// <summary>
        /// Puts each net472 tool with its assemblies and the netstandard facade into
        /// <see cref="ToolsDir"/>/&lt;tool&gt;/, with a /usr/bin wrapper per tool.
        /// </summary>
        public static void AddTools(InitramfsBuilder initramfs, I386Userland u, string monoToolsDir)
        {
            foreach (var (_, binary) in ToolPublisher.Tools)
            {
                string guestDir = ToolsDir + "/" + binary;
                foreach (string file in Directory.EnumerateFiles(MonoToolBuilder.ToolDir(monoToolsDir, binary)))
                    initramfs.AddHostFile(guestDir + "/" + Path.GetFileName(file), file);
                initramfs.AddHostFile(guestDir + "/netstandard.dll", u.NetstandardFacade);
                initramfs.AddText("/usr/bin/" + binary,
                    "#!/bin/sh\n# " + binary + " from kexec-jump-tools, under Mono (.NET has no i386 Linux runtime).\n" +
                    $"exec /usr/bin/mono {guestDir}/{binary}.exe \"$@\"\n", 0x1ED);
            }
        }

        /// <summary>
        /// The files given plus every library they need, transitively, and the program
        /// interpreter: (guest path, host file) pairs, each guest path once.
        /// </summary>
        private static IEnumerable<(string Guest, string Host)> SharedLibraryClosure(I386Userland u, List<(string Guest, string Host)> start)
        {
            var done = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<(string Guest, string Host)>(start);
            while (queue.Count > 0)
            {
                var (guest, host) = queue.Dequeue();
                if (done.ContainsKey(guest)) continue;
                done[guest] = host;
                DynamicDependencies deps = DynamicDependencies.Read(File.ReadAllBytes(host));
                if (deps.Interpreter != null) queue.Enqueue((deps.Interpreter, u.HostPath(deps.Interpreter)));
                foreach (string soname in deps.Needed)
                    queue.Enqueue(FindLibrary(u, soname, guest));
            }
            foreach (var kv in done) yield return (kv.Key, kv.Value);
        }

        private static (string Guest, string Host) FindLibrary(I386Userland u, string soname, string neededBy)
        {
            foreach (string dir in LibraryDirs)
            {
                string guest = dir + "/" + soname;
                if (u.Has(guest)) return (guest, u.HostPath(guest));
            }
            throw new BenchException($"{neededBy} needs {soname}, which no package of the i386 userland provides (add it to I386Userland.Packages)");
        }
    }
}
