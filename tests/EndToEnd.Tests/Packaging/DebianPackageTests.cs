using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Bench.Build;
using Bench.Initramfs;
using Bench.Packaging;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.Packaging
{
    /// <summary>
    /// Issue 13, item 4: our Debian package on a Debian 12 system with kdump-tools, kexec-tools and
    /// makedumpfile. The system is a cached image (Bench.Packaging.DebianRoot) that a guest of our
    /// kernel chroots into, with its writes thrown away, so nothing is diverted on the host even
    /// when the test dies midway. There the package is installed, its diversions checked,
    /// kdump-config loads the crash kernel through our kexec and unloads it, and after removal
    /// Debian's binaries are back. kdump-config savecore (the kdump kernel's "makedumpfile -F -c
    /// -d 31 /proc/vmcore | compress > dump" pipeline and --dump-dmesg) runs with our makedumpfile
    /// on a small real vmcore, and after the removal Debian's makedumpfile rebuilds the saved
    /// flattened dump (-R) and reads from it the dmesg savecore saved.
    /// </summary>
    public class DebianPackageTests
    {
        private const string Deb = "/bench/pkg/kexec-jump-tools.deb";

        [Fact]
        public void InstallDivertsDebiansToolsKdumpConfigLoadsThroughOursAndRemovalGivesThemBack()
        {
            string build = PackageBuilder.NewBuildDir("deb-build");
            string deb = PackageBuilder.BuildDeb(build);
            string root = DebianRoot.Image();
            string kernel = KernelBuild.Get("x86_64").BzImage;
            string kexecSum = Sha256(Path.Combine(build, "bin", "kexec"));
            string makedumpfileSum = Sha256(Path.Combine(build, "bin", "makedumpfile"));
            // A small real vmcore (the 6.12 fixture at -d 31) stands in for /proc/vmcore in savecore.
            string vmcore = Path.Combine(build, "small-vmcore.elf");
            if (File.Exists(vmcore)) File.Delete(vmcore);
            var cut = TestSupport.ProcessRunner.Run(Path.Combine(build, "bin", "makedumpfile"),
                new[] { "-d", "31", "-E", "--message-level", "0", TestSupport.PreparedFixtures.Ours.Elf, vmcore }, TimeSpan.FromMinutes(5));
            Assert.True(cut.ExitCode == 0, "making the small vmcore failed:\n" + cut.StdErr);

            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "debian-package",
                WithTools = false,
                Disk = root,
                DiskSnapshot = true,
                MemoryMiB = 512,
                ExtraAppend = "crashkernel=64M",
                Timeout = TimeSpan.FromMinutes(8),
                Script = Scenario,
                Customize = (initramfs, work) =>
                {
                    initramfs.AddHostFile(Deb, deb);
                    initramfs.AddHostFile("/bench/pkg/vmlinuz", kernel);
                    initramfs.AddHostFile("/bench/pkg/vmcore", vmcore);
                    // The capture kernel's initramfs is only loaded here, never booted.
                    initramfs.AddHostFile("/bench/pkg/initrd.img", new InitramfsBuilder("true").Write(Path.Combine(work, "kdump-initrd.cpio.gz")));
                },
            });

            string before = log.GetStep("debian-sums").Text;
            Assert.Equal(0, log.GetStep("install").ExitCode);
            string diversions = log.GetStep("diversions").Text;
            foreach (string f in new[] { "/sbin/kexec", "/usr/bin/makedumpfile", "/usr/share/man/man8/kexec.8.gz", "/usr/share/man/man8/makedumpfile.8.gz", "/usr/share/man/man5/makedumpfile.conf.5.gz" })
                Assert.Contains($"diversion of {f} to {f}.distrib by kexec-jump-tools", diversions);
            string ours = log.GetStep("ours-sums").Text;
            Assert.Contains($"{kexecSum}  /sbin/kexec", ours);
            Assert.Contains($"{makedumpfileSum}  /usr/bin/makedumpfile", ours);
            // Debian's files are kept, under the diverted names.
            string distrib = log.GetStep("distrib-sums").Text;
            Assert.Equal(SumOf(before, "/sbin/kexec"), SumOf(distrib, "/sbin/kexec.distrib"));
            Assert.Equal(SumOf(before, "/usr/bin/makedumpfile"), SumOf(distrib, "/usr/bin/makedumpfile.distrib"));
            Assert.Equal(0, log.GetStep("man-page").ExitCode);
            Assert.Contains("kexec-jump-tools", log.GetStep("man-page").Text);

            // kdump-config's dry run shows the command it would give our kexec; load runs it.
            var test = log.GetStep("kdump-test");
            Assert.Equal(0, test.ExitCode);
            Assert.Contains("/sbin/kexec -p", test.Text);
            var load = log.GetStep("kdump-load");
            Assert.True(load.ExitCode == 0, "kdump-config load failed:\n" + load.Text);
            Assert.Contains("loaded kdump kernel", load.Text);
            Assert.Equal("1", log.GetStep("crash-loaded").Text.Trim());
            Assert.Contains("ready to kdump", log.GetStep("kdump-status").Text);
            Assert.Contains("/sbin/kexec -p --command-line=", log.GetStep("kexec-cmd").Text);
            var unload = log.GetStep("kdump-unload");
            Assert.True(unload.ExitCode == 0, "kdump-config unload failed:\n" + unload.Text);
            Assert.Equal("0", log.GetStep("crash-unloaded").Text.Trim());

            // savecore with ours: a flattened, zlib-compressed dump and the dmesg, under /var/crash.
            var saveOurs = log.GetStep("savecore-ours");
            Assert.True(saveOurs.ExitCode == 0, "kdump-config savecore with our makedumpfile failed:\n" + saveOurs.Text);
            Assert.Contains("saved vmcore in", saveOurs.Text);
            Assert.Contains("saved dmesg content in", saveOurs.Text);
            Assert.Matches(@"dump\.\d{12}", log.GetStep("saved-ours").Text);

            Assert.Equal(0, log.GetStep("remove").ExitCode);
            Assert.DoesNotContain("kexec-jump-tools", log.GetStep("diversions-after").Text);
            string after = log.GetStep("after-sums").Text;
            Assert.Equal(SumOf(before, "/sbin/kexec"), SumOf(after, "/sbin/kexec"));
            Assert.Equal(SumOf(before, "/usr/bin/makedumpfile"), SumOf(after, "/usr/bin/makedumpfile"));
            Assert.NotEqual(kexecSum, SumOf(after, "/sbin/kexec"));
            Assert.Equal(0, log.GetStep("distrib-gone").ExitCode);
            var rebuilt = log.GetStep("debian-reads-ours");
            Assert.True(rebuilt.ExitCode == 0, "Debian's makedumpfile could not rebuild or read our saved dump:\n" + rebuilt.Text);
            Assert.Equal(0, log.GetStep("unmount").ExitCode);
        }

        // busybox sh in the bench initramfs; every Debian command runs in the chroot.
        private const string Scenario = @"
mount -t ext4 /dev/vda /mnt || exit 1
mount -t proc proc /mnt/proc
mount -t sysfs sysfs /mnt/sys
mount -o bind /dev /mnt/dev
mount -t tmpfs tmpfs /mnt/run
mount -t tmpfs tmpfs /mnt/tmp
in_debian() { chroot /mnt /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 ""$@""; }
# What Debian's kernel package and kdump-tools' hook would have left: the kernel in /boot, the
# small kdump initrd in /var/lib/kdump, and the sysctl snapshot the initrd was made with.
kver=$(uname -r)
cp /bench/pkg/vmlinuz /mnt/boot/vmlinuz-$kver
mkdir -p /mnt/var/lib/kdump
cp /bench/pkg/initrd.img /mnt/var/lib/kdump/initrd.img-$kver
cp /mnt/etc/kdump/sysctl.conf /mnt/var/lib/kdump/latest_sysctls-$kver
cp /bench/pkg/kexec-jump-tools.deb /mnt/root/
step debian-sums in_debian sha256sum /sbin/kexec /usr/bin/makedumpfile
step install in_debian dpkg -i /root/kexec-jump-tools.deb
step diversions in_debian dpkg-divert --list
step ours-sums in_debian sha256sum /sbin/kexec /usr/bin/makedumpfile /usr/sbin/krestore
step distrib-sums in_debian sha256sum /sbin/kexec.distrib /usr/bin/makedumpfile.distrib
step man-page in_debian sh -c 'zcat /usr/share/man/man8/kexec.8.gz | head -1'
step kdump-test in_debian kdump-config test
step kdump-load in_debian kdump-config load
step crash-loaded cat /sys/kernel/kexec_crash_loaded
step kdump-status in_debian kdump-config status
step kexec-cmd in_debian cat /var/crash/kexec_cmd
step kdump-unload in_debian kdump-config unload
step crash-unloaded cat /sys/kernel/kexec_crash_loaded
# savecore reads /proc/vmcore: the small vmcore is put there, in place of the proc mount.
savecore() {
  umount /mnt/proc && cp /bench/pkg/vmcore /mnt/proc/vmcore || return 1
  in_debian kdump-config savecore; _r=$?
  rm -f /mnt/proc/vmcore; mount -t proc proc /mnt/proc
  mv /mnt/var/crash/2* /mnt/var/crash/$1 || return 1
  return $_r
}
step savecore-ours savecore ours
step saved-ours ls -l /mnt/var/crash/ours
step remove in_debian dpkg -r kexec-jump-tools
step diversions-after in_debian dpkg-divert --list
step after-sums in_debian sha256sum /sbin/kexec /usr/bin/makedumpfile
step distrib-gone in_debian sh -c '! ls /sbin/kexec.distrib /usr/bin/makedumpfile.distrib /usr/sbin/krestore 2>/dev/null'
step debian-reads-ours in_debian sh -c 'f=$(ls /var/crash/ours/dump.*) && makedumpfile -R /tmp/rebuilt < ""$f"" && makedumpfile --dump-dmesg /tmp/rebuilt /tmp/dmesg && cmp /tmp/dmesg /var/crash/ours/dmesg.*'
step unmount sh -c 'umount /mnt/tmp /mnt/run /mnt/dev /mnt/sys /mnt/proc && umount /mnt'
";

        private static string Sha256(string path)
        {
            using FileStream f = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(f)).ToLowerInvariant();
        }

        /// <summary>The sum sha256sum printed for <paramref name="path"/>; fails when it printed none.</summary>
        private static string SumOf(string sha256sumOutput, string path)
        {
            string? line = sha256sumOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith("  " + path, StringComparison.Ordinal));
            Assert.True(line != null, $"sha256sum printed no line for {path}:\n{sha256sumOutput}");
            return line!.Substring(0, 64);
        }
    }
}
