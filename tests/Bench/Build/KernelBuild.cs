using System;
using System.IO;
using TestSupport;

namespace Bench.Build
{
    /// <summary>The bench kernel built by native/build-kernel.sh (cached by source, patch and config).</summary>
    public sealed record KernelArtifacts(string Folder, string Flavour)
    {
        public string BzImage => Path.Combine(Folder, "bzImage");
        public string Vmlinux => Path.Combine(Folder, "vmlinux");
        public string SystemMap => Path.Combine(Folder, "System.map");
        public string Config => Path.Combine(Folder, ".config");
        /// <summary>The cache key part of the folder name, which changes with patch or config.</summary>
        public string Key => Path.GetFileName(Folder);
    }

    public static class KernelBuild
    {
        /// <summary>x86_64 from Debian's linux-source-7.3 with native/kexec_jump_kernel-7.3.patch.</summary>
        public const string X86_64_7_3 = "x86_64-7.3";

        /// <summary>The kernel version a flavour's OSRELEASE starts with: "7.3." or "6.12.".</summary>
        public static string ReleasePrefix(string flavour) => flavour == X86_64_7_3 ? "7.3." : "6.12.";

        /// <summary>Builds (or finds cached) the kernel for "x86_64", "i386", "i386-pae" or "x86_64-7.3";
        /// <paramref name="log"/> gets build-kernel.sh's progress lines while it builds.</summary>
        public static KernelArtifacts Get(string flavour = "x86_64", Action<string>? log = null)
        {
            string script = Path.Combine(BenchPaths.RepoRoot, "native", "build-kernel.sh");
            var r = ProcessRunner.RunChecked("bash", new[] { script, flavour }, TimeSpan.FromMinutes(40), progress: log);
            string folder = r.StdOut.Trim().Split('\n')[^1].Trim();
            var k = new KernelArtifacts(folder, flavour);
            if (!File.Exists(k.BzImage)) throw new InvalidOperationException($"build-kernel.sh printed {folder}, which has no bzImage");
            // Unit tests find the kernel through this link (TestSupport.PreparedKernel), never by building.
            CacheLink.Point(PreparedKernel.LinkPath(flavour), folder);
            return k;
        }
    }
}
