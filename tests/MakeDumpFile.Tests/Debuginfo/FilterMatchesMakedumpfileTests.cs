using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using Common.DumpFormats.Elf;
using Common.DumpFormats.Kdump;
using MakeDumpFile.Tests.Differential;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Debuginfo
{
    /// <summary>
    /// --config FILTERFILE -x VMLINUX on Debian's 6.1 vmcore, ours against Debian's 1.7.2 with the
    /// same filter file: erase commands of every form (a member chain, a char * string, sizes in
    /// bytes and K, nullify, a whole variable, an array member) and the three loops (an array of
    /// pointers, a list through a "via" member, the task list "within" task_struct). Every page
    /// of both dumps is the same (so the same bytes were erased, with 'X' or zeros) and the
    /// erase information they carry is the same text, in the ELF note and in the kdump file.
    /// </summary>
    [Collection("vmcore")]
    public sealed class FilterMatchesMakedumpfileTests
    {
        private const string Filter =
            "# every form of makedumpfile.conf(5)\n" +
            "[vmlinux]\n" +
            "erase init_uts_ns.name.nodename\n" +
            "erase saved_command_line\n" +
            "erase linux_banner size 16\n" +
            "erase modprobe_path size 1K\n" +
            "erase prb nullify\n" +
            "erase log_buf_len\n" +
            "erase init_task.comm\n" +
            "for n in node_data\n\terase n.node_id\nendfor\n" +
            "for r in iomem_resource.child via sibling\n\terase r.name\nendfor\n" +
            "for t in init_task.tasks within task_struct:tasks\n\terase t.comm\n\terase t.pid size 4\nendfor\n" +
            "[some_module]\n" +
            "erase some_module_secret\n";

        [Theory]
        [InlineData("-E")]
        [InlineData("-c")]
        public void TheFilterErasesWhatMakedumpfileErases(string format)
        {
            using var s = new Scratch();
            File.WriteAllText(s.File("filter.conf"), Filter);
            string fixture = Fixtures.Debian61Elf, vmlinux = Fixtures.Debian61Vmlinux;
            string options = $"-d 31 {format} --message-level 20 -x {vmlinux} --config {s.File("filter.conf")}";
            Tools.Result theirs = Tools.MustSucceed(Tools.Debian($"{options} \"{Normalized.Of(fixture)}\" {s.File("theirs")}"), "1.7.2 --config");
            Tools.Result ours = Tools.MustSucceed(Tools.Ours($"{options} \"{fixture}\" {s.File("ours")}"), "our --config");
            ReportCounts.AssertSame(theirs.Stdout, ours.Stdout, $"--config {format}");
            Assert.Contains("[some_module] skipped", ours.Stderr);

            string theirInfo, ourInfo;
            ulong total = ReportCounts.Parse(theirs.Stdout)["Total pages"];
            if (format == "-E")
            {
                using var t = ElfCorePageSource.Open(s.File("theirs"));
                using var o = ElfCorePageSource.Open(s.File("ours"));
                Assert.True(PageCompare.AssertSamePages(t, o, total, "--config -E") > 1000);
                theirInfo = ElfEraseInfo(s.File("theirs"));
                ourInfo = ElfEraseInfo(s.File("ours"));
            }
            else
            {
                using var t = KdumpPageSource.Open(s.File("theirs"));
                using var o = KdumpPageSource.Open(s.File("ours"));
                Assert.True(PageCompare.AssertSamePages(t, o, total, "--config -c") > 1000);
                theirInfo = KdumpEraseInfo(s.File("theirs"), t.Header);
                ourInfo = KdumpEraseInfo(s.File("ours"), o.Header);
            }
            Assert.Equal(theirInfo, ourInfo);
            string[] lines = ourInfo.Split('\n');
            foreach (string expected in new[] { "erase init_uts_ns.name.nodename size 65", "erase modprobe_path size 1024", "erase prb nullify", "erase init_task.comm size 16" })
                Assert.Contains(expected, lines);
            Assert.True(lines.Count(l => l == "erase t.comm size 16") > 10, "the task list loop erased few names");
            Assert.Contains(lines, l => l.StartsWith("erase r.name size ", StringComparison.Ordinal));
        }

        /// <summary>
        /// crash, given the vmlinux, reads our filtered dumps (the ERASEINFO note, the kdump
        /// erase information) and sees the erased data: 'X' where the node name and the first
        /// task's name were, a nullified pointer as NULL. (linux_banner stays: crash compares it
        /// with the vmlinux's before it accepts a dump.)
        /// </summary>
        [Theory]
        [InlineData("-E")]
        [InlineData("-c")]
        public void CrashSeesTheErasedData(string format)
        {
            using var s = new Scratch();
            File.WriteAllText(s.File("filter.conf"), "erase init_uts_ns.name.nodename\nerase init_task.comm\nerase prb nullify\n");
            File.WriteAllText(s.File("commands"), "p init_uts_ns.name.nodename\np init_task.comm\np prb\nquit\n");
            string vmlinux = Fixtures.Debian61Vmlinux;
            Tools.MustSucceed(Tools.Ours($"-d 31 {format} --message-level 0 -x {vmlinux} --config {s.File("filter.conf")} \"{Fixtures.Debian61Elf}\" {s.File("dump")}"), "our --config");
            Tools.Result crash = Tools.Run("/usr/bin/crash", $"-s {vmlinux} {s.File("dump")} -i {s.File("commands")}", null, null);
            Assert.True(crash.ExitCode == 0, $"crash exits {crash.ExitCode}:\n{crash.Stdout}{crash.Stderr}");
            Assert.Contains("$1 = \"" + new string('X', 65) + "\"", crash.Stdout);
            Assert.Contains("$2 = \"" + new string('X', 16) + "\"", crash.Stdout);
            Assert.Contains("(struct printk_ringbuffer *) 0x0", crash.Stdout);
        }

        /// <summary>The ERASEINFO note's text in an ELF dump.</summary>
        private static string ElfEraseInfo(string path)
        {
            byte[] d = File.ReadAllBytes(path);
            int at = IndexOf(d, Encoding.ASCII.GetBytes("ERASEINFO\0"));
            Assert.True(at >= 12, $"{path} has no ERASEINFO note");
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(at - 8));
            return Encoding.ASCII.GetString(d, at + 12, size);
        }

        /// <summary>The erase information at the kdump sub-header's offset_eraseinfo.</summary>
        private static string KdumpEraseInfo(string path, DiskDumpHeader h)
        {
            Assert.True(h.OffsetEraseinfo > 0 && h.SizeEraseinfo > 0, $"{path} has no erase information");
            using var f = File.OpenRead(path);
            var b = new byte[h.SizeEraseinfo];
            f.Position = h.OffsetEraseinfo;
            f.ReadExactly(b);
            return Encoding.ASCII.GetString(b);
        }

        private static int IndexOf(byte[] data, byte[] what) => data.AsSpan().IndexOf(what);
    }
}
