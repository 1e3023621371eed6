using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Bench.Build;
using TestSupport;

namespace Bench.Initramfs
{
    /// <summary>
    /// Packs a guest root: Debian's busybox-static, our NativeAOT tools with the shared
    /// libraries they link (found with ldd), the bench's /init and a scenario script, and any
    /// extra files a test needs (for example a second kernel and its initramfs).
    /// </summary>
    public sealed class InitramfsBuilder
    {
        private readonly SortedDictionary<string, Func<byte[]>> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<string, uint> _modes = new();
        private readonly SortedSet<string> _dirs = new(StringComparer.Ordinal);

        public InitramfsBuilder(string scenarioScript)
        {
            AddText("/bench/scenario.sh", scenarioScript, 0x1ED);
            AddText("/bench/lib.sh", GuestScript("lib.sh"), 0x1A4);
            AddText("/init", GuestScript("init.sh"), 0x1ED);
            AddHostFile("/bin/busybox", "/bin/busybox", 0x1ED);
        }

        public static string GuestScript(string name)
        {
            using Stream s = Assembly.GetExecutingAssembly().GetManifestResourceStream("Guest." + name)
                ?? throw new InvalidOperationException("missing embedded guest script " + name);
            using var r = new StreamReader(s);
            return r.ReadToEnd();
        }

        /// <summary>Adds the three tools from a <see cref="ToolPublisher"/> folder, into /usr/bin.</summary>
        public InitramfsBuilder AddTools(string toolsDir)
        {
            foreach (var (_, binary) in ToolPublisher.Tools)
                AddExecutableWithLibraries("/usr/bin/" + binary, Path.Combine(toolsDir, binary));
            return this;
        }

        public InitramfsBuilder AddExecutableWithLibraries(string guestPath, string hostPath)
        {
            AddHostFile(guestPath, hostPath, 0x1ED);
            foreach (string lib in SharedLibraries(hostPath))
                AddHostFile(lib, lib, 0x1ED);
            return this;
        }

        public InitramfsBuilder AddHostFile(string guestPath, string hostPath, uint mode = 0x1A4)
        {
            if (!File.Exists(hostPath)) throw new FileNotFoundException("initramfs input missing", hostPath);
            _files[guestPath] = () => File.ReadAllBytes(hostPath);
            _modes[guestPath] = mode;
            return this;
        }

        public InitramfsBuilder AddText(string guestPath, string text, uint mode = 0x1A4)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"));
            _files[guestPath] = () => bytes;
            _modes[guestPath] = mode;
            return this;
        }

        public InitramfsBuilder AddDirectory(string guestPath)
        {
            _dirs.Add(guestPath.TrimEnd('/'));
            return this;
        }

        /// <summary>Writes the gzip-compressed newc archive.</summary>
        public string Write(string path)
        {
            var dirs = new SortedSet<string>(_dirs, StringComparer.Ordinal) { "/dev", "/proc", "/sys", "/tmp", "/mnt", "/root" };
            foreach (string f in _files.Keys)
                for (string? d = Path.GetDirectoryName(f); !string.IsNullOrEmpty(d) && d != "/"; d = Path.GetDirectoryName(d))
                    dirs.Add(d!);
            using (var fs = new FileStream(path + ".tmp", FileMode.Create))
            using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
            using (var cpio = new CpioWriter(gz))
            {
                foreach (string d in dirs.OrderBy(d => d.Count(c => c == '/')).ThenBy(d => d, StringComparer.Ordinal))
                    cpio.AddDirectory(d);
                cpio.AddCharDevice("/dev/console", 5, 1);
                cpio.AddCharDevice("/dev/null", 1, 3, 0x1B6);
                foreach (var kv in _files)
                    cpio.AddFile(kv.Key, kv.Value(), _modes[kv.Key]);
            }
            File.Move(path + ".tmp", path, overwrite: true);
            return path;
        }

        /// <summary>The absolute paths ldd lists for a dynamically linked executable.</summary>
        public static IReadOnlyList<string> SharedLibraries(string hostPath)
        {
            var r = ProcessRunner.Run("ldd", new[] { hostPath }, TimeSpan.FromSeconds(30));
            if (r.ExitCode != 0) return Array.Empty<string>(); // statically linked
            var libs = new List<string>();
            foreach (Match m in Regex.Matches(r.StdOut, @"(/\S+)\s+\(0x"))
                libs.Add(m.Groups[1].Value);
            return libs;
        }
    }
}
