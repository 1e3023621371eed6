using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Bench.Build;
using Bench.Initramfs;
using Bench.Qemu;
using TestSupport;

namespace Bench.Fixtures
{
    /// <summary>
    /// Makes the real vmcores the unit tests read, and keeps them in the cache keyed by the
    /// kernel and this workload, so they are made once per kernel change.
    /// </summary>
    public static class FixtureMaker
    {
        /// <summary>Bump when the workload or the files kept change.</summary>
        private const string Version = "3";
        private const int GuestMemoryMiB = 512;
        private const int DiskMiB = 64;
        private const int DataMiB = 32;

        /// <summary>A vmcore of our patched 6.12 kernel.</summary>
        public static VmcoreFixture Ours(Action<string>? log = null)
        {
            KernelArtifacts k = KernelBuild.Get("x86_64");
            return Make("vmcore-6.12-x86_64", k.BzImage, k.Key, modules: Array.Empty<string>(), log);
        }

        /// <summary>A vmcore of Debian's distribution kernel (6.1 on Debian 12).</summary>
        public static VmcoreFixture Debian(Action<string>? log = null)
        {
            DebianKernel k = DebianKernel.Get();
            // Debian builds these as modules: the vmcoreinfo device's driver, the virtio disk, ext4.
            var modules = k.ModulesWithDependencies("qemu_fw_cfg", "virtio_pci", "virtio_blk", "crc32c_generic", "ext4");
            return Make("vmcore-6.1-debian", k.BzImage, k.Release, modules, log);
        }

        /// <summary>
        /// A vmcore of our patched 6.12 i386 kernel ("i386": 2-level page tables, "i386-pae":
        /// 3-level) under qemu-system-i386, same workload. QEMU writes an ELF32 core (EM_386)
        /// for a 32-bit guest whose memory ends below 4 GiB. The PAE guest gets 1280 MiB so
        /// that memory above the 896 MiB lowmem limit (highmem) is part of the image.
        /// </summary>
        public static VmcoreFixture I386(string flavour, Action<string>? log = null)
        {
            if (flavour != "i386" && flavour != "i386-pae") throw new ArgumentException($"unknown i386 flavour '{flavour}' (i386, i386-pae)");
            KernelArtifacts k = KernelBuild.Get(flavour);
            int memory = flavour == "i386-pae" ? 1280 : GuestMemoryMiB;
            return Make("vmcore-6.12-" + flavour, k.BzImage, k.Key, modules: Array.Empty<string>(), log, "i386", memory);
        }

        private static VmcoreFixture Make(string name, string kernel, string kernelKey, IReadOnlyList<string> modules, Action<string>? log,
                                          string arch = "x86_64", int memoryMiB = GuestMemoryMiB)
        {
            string script = WorkloadScript(modules.Count > 0);
            // The x86_64 keys stay as they were (no re-made fixtures); other guests add theirs.
            string key = Hash(Version + kernelKey + script + (arch == "x86_64" ? "" : arch + memoryMiB));
            string root = BenchPaths.CacheDir("fixtures");
            var fixture = new VmcoreFixture(Path.Combine(root, $"{name}-{key}"));
            if (!File.Exists(fixture.KdumpZlib))
            {
                using var _ = CacheLock.Acquire("fixture-" + name, TimeSpan.FromMinutes(20));
                if (!File.Exists(fixture.KdumpZlib)) Create(fixture, name, kernel, script, modules, log, arch, memoryMiB);
            }
            Link(Path.Combine(root, name), fixture.Folder);
            Link(Path.Combine(root, name + ".elf"), fixture.Elf);
            Link(Path.Combine(root, name + ".kdump-zlib"), fixture.KdumpZlib);
            if (name == "vmcore-6.12-x86_64") Link(Path.Combine(root, "qemu-kdump-zlib-6.12.kdump"), fixture.KdumpZlib);
            return fixture;
        }

        private static void Create(VmcoreFixture fixture, string name, string kernel, string script, IReadOnlyList<string> modules, Action<string>? log,
                                   string arch, int memoryMiB)
        {
            string tmp = fixture.Folder + ".tmp";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Directory.CreateDirectory(tmp);
            string disk = Path.Combine(tmp, "disk.img");
            WriteDisk(disk);
            log?.Invoke($"making fixture {name}");
            using (QemuVm vm = Guest.Start(new GuestSpec
            {
                Name = "fixture-" + name,
                Script = script,
                Arch = arch,
                KernelImage = kernel,
                WithTools = false,
                MemoryMiB = memoryMiB,
                Disk = disk,
                // TCG emulates an i386 guest's workload (awk building 16 MiB) more slowly.
                Timeout = TimeSpan.FromMinutes(arch == "x86_64" ? 5 : 12),
                Customize = (initramfs, _) =>
                {
                    for (int i = 0; i < modules.Count; i++)
                        initramfs.AddHostFile($"/modules/{i:D2}-{Path.GetFileName(modules[i])}", modules[i]);
                },
            }, log))
            {
                ConsoleLog report = vm.WaitForMark("ready-for-dump");
                foreach (ConsoleLog.Step step in report.Steps)
                    if (step.ExitCode != 0)
                        throw new BenchException($"fixture {name}: guest step '{step.Name}' failed (exit {step.ExitCode}):\n{step.Text}");
                vm.Qmp.Execute("stop");
                vm.Qmp.DumpGuestMemory(Path.Combine(tmp, "vmcore.elf"), "elf");
                vm.Qmp.DumpGuestMemory(Path.Combine(tmp, "vmcore.kdump-zlib.tmp"), "kdump-zlib");
                File.WriteAllText(Path.Combine(tmp, "meminfo.txt"), report.GetStep("meminfo").Text + "\n");
                File.WriteAllText(Path.Combine(tmp, "iomem.txt"), report.GetStep("iomem").Text + "\n");
                File.WriteAllText(Path.Combine(tmp, "memmap.txt"), report.GetStep("memmap").Text + "\n");
                File.WriteAllText(Path.Combine(tmp, "marker.txt"), report.Values["marker"] + "\n");
                File.WriteAllText(Path.Combine(tmp, "release.txt"), report.Values["release"] + "\n");
                File.Copy(vm.ConsolePath, Path.Combine(tmp, "console.log"));
                File.Copy(Path.Combine(vm.WorkDir, "qemu-command.txt"), Path.Combine(tmp, "qemu-command.txt"));
            }
            File.Delete(disk);
            // The kdump file is the completeness stamp, so it gets its final name last.
            File.Move(Path.Combine(tmp, "vmcore.kdump-zlib.tmp"), Path.Combine(tmp, "vmcore.kdump-zlib"));
            if (Directory.Exists(fixture.Folder)) Directory.Delete(fixture.Folder, true);
            Directory.Move(tmp, fixture.Folder);
            // Older fixtures of the same name are 600 MB each and no longer wanted.
            foreach (string old in Directory.GetDirectories(Path.GetDirectoryName(fixture.Folder)!, name + "-*"))
                if (old != fixture.Folder && !old.EndsWith(".tmp", StringComparison.Ordinal) && !IsLink(old))
                    Directory.Delete(old, true);
        }

        /// <summary>
        /// The guest's workload: page cache (the whole virtio disk read through the block
        /// device), zero pages (a tmpfs file of zeros), anonymous memory held by a process,
        /// and a marker string in both a tmpfs file and the anonymous memory.
        /// </summary>
        private static string WorkloadScript(bool loadModules)
        {
            var s = new StringBuilder();
            if (loadModules)
                s.Append("step modules sh -c 'for m in /modules/*.ko; do insmod $m || exit 1; done'\n");
            s.Append(@"value release ""$(uname -r)""
marker=""KJ-FIXTURE-MARKER-$(cat /proc/sys/kernel/random/uuid)""
echo ""$marker"" > /tmp/marker.txt
value marker ""$marker""
step mount-disk mount -t ext4 -o ro /dev/vda /mnt
step read-file sh -c 'cat /mnt/data > /dev/null'
step zero-file dd if=/dev/zero of=/tmp/zeros bs=1M count=16
awk -v m=""$marker"" 'BEGIN { srand(7); s = m; for (i = 0; i < 512; i++) s = s sprintf(""%08x"", int(rand() * 2147483647)); while (length(s) < 16777216) s = s s; print length(s) > ""/tmp/anon-ready""; close(""/tmp/anon-ready""); system(""sleep 100000""); print substr(s, 1, 8) }' &
while [ ! -s /tmp/anon-ready ]; do sleep 1; done
step meminfo cat /proc/meminfo
step iomem cat /proc/iomem
step memmap sh -c 'for d in /sys/firmware/memmap/*; do [ -d ""$d"" ] && echo ""$(cat $d/start) $(cat $d/end) $(cat $d/type)""; done; true'
mark ready-for-dump
hold
");
            return s.ToString();
        }

        /// <summary>
        /// An ext4 disk holding one file of deterministic, incompressible bytes; reading it in the
        /// guest leaves file-backed page cache that is neither zero nor trivially compressible.
        /// </summary>
        private static void WriteDisk(string path)
        {
            string content = path + ".d";
            Directory.CreateDirectory(content);
            var rng = new Random(20261125);
            var block = new byte[1 << 20];
            using (var fs = new FileStream(Path.Combine(content, "data"), FileMode.Create))
            {
                for (int i = 0; i < DataMiB; i++)
                {
                    rng.NextBytes(block);
                    fs.Write(block, 0, block.Length);
                }
            }
            ProcessRunner.RunChecked("mkfs.ext4", new[] { "-q", "-F", "-d", content, path, DiskMiB + "M" }, TimeSpan.FromMinutes(2));
            Directory.Delete(content, true);
        }

        private static void Link(string link, string target) => CacheLink.Point(link, target);

        private static bool IsLink(string path) => CacheLink.Target(path) != null;

        private static string Hash(string text) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).Substring(0, 12).ToLowerInvariant();
    }
}
