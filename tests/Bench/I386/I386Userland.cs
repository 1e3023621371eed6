using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bench.Build;
using TestSupport;

namespace Bench.I386
{
    /// <summary>
    /// Debian's i386 user space for the i386 guests, unpacked (not installed) into the cache:
    /// busybox-static, glibc, and Mono with the class libraries our net472 tools load.
    /// Cached under i386-userland/&lt;hash of the .deb file names&gt;/ with root/ (the unpacked
    /// packages), facades/netstandard.dll and packages.txt (what it was made from).
    /// </summary>
    public sealed class I386Userland
    {
        /// <summary>
        /// The packages, found by running the tools under this Mono: mono-runtime-sgen is the
        /// VM, mono-runtime-common its config and native helpers (libmono-native.so needs
        /// libgssapi_krb5.so.2, hence the Kerberos libraries; libMonoPosixHelper.so needs zlib),
        /// the libmono-*-cil packages mscorlib, System, System.Core and System.Numerics.
        /// mono-devel (all architectures) only gives netstandard.dll, the facade that our
        /// netstandard2.0 assemblies (Common.Elf, System.CommandLine) are built against.
        /// </summary>
        public static readonly string[] Packages =
        {
            "busybox-static", "libc6", "libgcc-s1", "zlib1g",
            "mono-runtime-sgen", "mono-runtime-common",
            "libmono-corlib4.5-dll", "libmono-system4.0-cil", "libmono-system-core4.0-cil",
            "libmono-system-numerics4.0-cil",
            "libgssapi-krb5-2", "libkrb5-3", "libk5crypto3", "libkrb5support0", "libcom-err2", "libkeyutils1",
            "mono-devel",
        };

        private const string FacadePackage = "mono-devel_";
        private const string FacadeInPackage = "usr/lib/mono/4.5/Facades/netstandard.dll";

        private I386Userland(string folder) { Folder = folder; }

        public string Folder { get; }
        /// <summary>The unpacked packages, laid out as in the guest.</summary>
        public string Root => Path.Combine(Folder, "root");
        public string NetstandardFacade => Path.Combine(Folder, "facades", "netstandard.dll");
        private string Manifest => Path.Combine(Folder, "packages.txt");

        /// <summary>Finds the cached userland for the packages apt offers now, or downloads and unpacks it.</summary>
        public static I386Userland Get(Action<string>? log = null)
        {
            IReadOnlyList<string> debs = DebianI386Packages.Resolve(Packages, log);
            var userland = new I386Userland(Path.Combine(BenchPaths.CacheDir("i386-userland"), DebianI386Packages.Key(debs)));
            if (File.Exists(userland.Manifest)) return userland;
            using var _ = CacheLock.Acquire("i386-userland", TimeSpan.FromMinutes(30));
            if (File.Exists(userland.Manifest)) return userland;

            string tmp = userland.Folder + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            string downloads = Path.Combine(tmp, "debs");
            DebianI386Packages.Download(Packages, debs, downloads, log);
            foreach (string deb in debs)
            {
                string path = Path.Combine(downloads, deb);
                if (!deb.StartsWith(FacadePackage, StringComparison.Ordinal))
                {
                    DebianI386Packages.Extract(path, Path.Combine(tmp, "root"));
                    continue;
                }
                string scratch = Path.Combine(tmp, "mono-devel");
                DebianI386Packages.Extract(path, scratch);
                string facade = Path.Combine(scratch, FacadeInPackage);
                if (!File.Exists(facade)) throw new BenchException($"{deb} has no {FacadeInPackage}");
                Directory.CreateDirectory(Path.Combine(tmp, "facades"));
                File.Copy(facade, Path.Combine(tmp, "facades", "netstandard.dll"));
                Directory.Delete(scratch, true);
            }
            Directory.Delete(downloads, true);
            File.WriteAllLines(Path.Combine(tmp, "packages.txt"), debs);
            if (Directory.Exists(userland.Folder)) Directory.Delete(userland.Folder, true);
            Directory.Move(tmp, userland.Folder);
            log?.Invoke("i386 userland: " + userland.Folder);
            return userland;
        }

        /// <summary>
        /// The host file behind a guest path, following symbolic links inside the unpacked
        /// tree (an absolute link target means the guest's root, never the host's).
        /// </summary>
        public string HostPath(string guestPath)
        {
            for (int depth = 0; depth < 40; depth++)
            {
                string host = Root + guestPath;
                var info = new FileInfo(host);
                if (info.LinkTarget == null)
                {
                    if (!info.Exists) throw new BenchException($"the i386 userland has no {guestPath} ({Folder})");
                    return host;
                }
                string target = info.LinkTarget;
                guestPath = Path.GetFullPath(target.StartsWith('/') ? target : Path.GetDirectoryName(guestPath) + "/" + target);
            }
            throw new BenchException($"symbolic link loop at {guestPath} in the i386 userland");
        }

        public bool Has(string guestPath) => new FileInfo(Root + guestPath) is var f && (f.Exists || f.LinkTarget != null);

        /// <summary>Every regular file (or link to one) under a guest folder, as guest paths.</summary>
        public IEnumerable<string> FilesUnder(string guestFolder) =>
            Directory.EnumerateFileSystemEntries(Root + guestFolder, "*", SearchOption.AllDirectories)
                .Where(p => File.Exists(p))
                .Select(p => p.Substring(Root.Length))
                .OrderBy(p => p, StringComparer.Ordinal);
    }
}
