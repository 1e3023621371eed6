using System;
using System.IO;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// How 1.7.2 reads a -i VMCOREINFO file (read_vmcoreinfo_basic_info(), read_vmcoreinfo_symbol(),
    /// read_vmcoreinfo_long()), ours against Debian's 1.7.2 on the small core (Support/SmallCore,
    /// no VMCOREINFO note of its own): the same exit status, and the same verdict on the file:
    /// "Invalid format" (no OSRELEASE or PAGESIZE), "Invalid data" naming the same line, or a
    /// file both take, which then fails later for the same reason (it names no utsname).
    /// </summary>
    public sealed class VmcoreInfoFileRulesMatchMakedumpfileTests
    {
        private const string Basic = "OSRELEASE=6.1.0\nPAGESIZE=4096\n";

        public enum Verdict { Format, Data, Taken }

        [Theory]
        [InlineData("", Verdict.Format, null)]
        [InlineData("OSRELEASE=6.1.0\n", Verdict.Format, null)]
        [InlineData("PAGESIZE=4096\n", Verdict.Format, null)]
        [InlineData("OSRELEASE=6.1.0\nPAGESIZE=4095\n", Verdict.Data, "PAGESIZE=4095")]
        [InlineData("OSRELEASE=6.1.0\nPAGESIZE=4096 \n", Verdict.Data, "PAGESIZE=4096 ")]
        [InlineData("OSRELEASE=6.1.0\nPAGESIZE=8192\nPAGESIZE=4096\n", Verdict.Taken, null)]
        [InlineData(Basic + "CRASHTIME=x\n", Verdict.Data, "CRASHTIME=x")]
        [InlineData(Basic + "SYMBOL(init_uts_ns)=zz12\n", Verdict.Data, "SYMBOL(init_uts_ns)=zz12")]
        [InlineData(Basic + "SYMBOL(init_uts_ns)=0\n", Verdict.Data, "SYMBOL(init_uts_ns)=0")]
        [InlineData(Basic + "SYMBOL(foo)=zz12\n", Verdict.Taken, null)]
        [InlineData(Basic + "SIZE(page)=64x\n", Verdict.Data, "SIZE(page)=64x")]
        [InlineData(Basic + "SIZE(page)=0x40\nNUMBER(PG_lru)=-1\n", Verdict.Taken, null)]
        [InlineData(Basic + "SIZE(page)=64\nSIZE(page)=zz\n", Verdict.Taken, null)]
        [InlineData(Basic + "OFFSET(page._count)=zz\n", Verdict.Data, "OFFSET(page._count)=zz")]
        [InlineData(Basic + "OFFSET(page._refcount)=52\nOFFSET(page._count)=zz\n", Verdict.Taken, null)]
        [InlineData(Basic + "SIZE(printk_ringbuffer)=88\nOFFSET(prb_desc.state_var)=zz\n", Verdict.Data, "OFFSET(prb_desc.state_var)=zz")]
        [InlineData(Basic + "SIZE(printk_ringbuffer)=88\nOFFSET(log.len)=zz\n", Verdict.Taken, null)]
        [InlineData(Basic + "OFFSET(log.len)=zz\n", Verdict.Data, "OFFSET(log.len)=zz")]
        [InlineData(Basic + "NUMBER(PG_hugetlb)=zz\nOFFSET(folio._folio_order)=zz\nOFFSET(printk_info.caller_id)=zz\n", Verdict.Taken, null)]
        [InlineData(Basic + "NUMBER(HUGETLB_PAGE_DTOR)=zz\n", Verdict.Data, "NUMBER(HUGETLB_PAGE_DTOR)=zz")]
        [InlineData(Basic + "SYMBOL(_stext)=zz\nSIZE(page)=zz\n", Verdict.Data, "SYMBOL(_stext)=zz")]
        [InlineData("\0OSRELEASE=6.1.0\nPAGESIZE=4096\n", Verdict.Format, null)]
        [InlineData("OSRELEASE=6.1.0\0junk\nPAGESIZE=4096\n", Verdict.Taken, null)]
        public void TheFileIsJudgedAsMakedumpfileJudgesIt(string text, Verdict verdict, string? line)
        {
            using var s = new Scratch();
            SmallCore.Write(s.File("core.elf"));
            string vi = s.File("vmcoreinfo");
            File.WriteAllBytes(vi, System.Text.Encoding.ASCII.GetBytes(text));
            foreach (int level in new[] { 0, 31 })
            {
                string args = $"-d {level} -i {vi} {s.File("core.elf")} {s.File("dump")}";
                Tools.Result theirs = Tools.Debian(args), ours = Tools.Ours(args);
                string said = theirs.Stdout + theirs.Stderr;
                Assert.True(theirs.ExitCode == 1, $"1.7.2 exits {theirs.ExitCode}:\n{said}");
                Assert.True(ours.ExitCode == 1, $"ours exits {ours.ExitCode}:\n{ours.Stdout}{ours.Stderr}");
                string[] errors = ours.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(errors.Length == 1, $"ours said:\n{ours.Stderr}");
                switch (verdict)
                {
                    case Verdict.Format:
                        Assert.Contains($"Invalid format in {vi}", said);
                        Assert.Contains("invalid format", errors[0]);
                        break;
                    case Verdict.Data:
                        Assert.Contains($"Invalid data in {vi}: {line}", said);
                        Assert.EndsWith("invalid data in the VMCOREINFO file: " + line, errors[0]);
                        break;
                    case Verdict.Taken:
                        Assert.DoesNotContain("Invalid", said);
                        Assert.Contains("Can't get the symbol of system_utsname", said);
                        Assert.Contains("SYMBOL(init_uts_ns)", errors[0]);
                        break;
                }
                Assert.Contains(vi, errors[0]);
                Assert.False(File.Exists(s.File("dump")));
            }
        }

        /// <summary>
        /// Ours only (1.7.2 would read /dev/zero for ever): a file far larger than the page a
        /// VMCOREINFO fills, or one without an end, is one error line, not read into memory.
        /// </summary>
        [Theory]
        [InlineData("/dev/zero")]
        [InlineData("big")]
        public void AFileFarLargerThanAVmcoreinfoIsRefused(string which)
        {
            using var s = new Scratch();
            SmallCore.Write(s.File("core.elf"));
            string vi = which;
            if (which == "big")
            {
                vi = s.File("big");
                var text = new System.Text.StringBuilder(Basic);
                while (text.Length <= 2 << 20) text.Append("SYMBOL(padding)=ffffffff81000000\n");
                File.WriteAllText(vi, text.ToString());
            }
            Tools.Result ours = Tools.Ours($"-d 31 -i {vi} {s.File("core.elf")} {s.File("dump")}");
            Assert.Equal(1, ours.ExitCode);
            string[] errors = ours.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(errors.Length == 1, $"ours said:\n{ours.Stderr}");
            Assert.EndsWith("not a VMCOREINFO file", errors[0]);
            Assert.False(File.Exists(s.File("dump")));
        }

        [Fact]
        public void ADirectoryIsAFileWithoutOsrelease()
        {
            using var s = new Scratch();
            SmallCore.Write(s.File("core.elf"));
            string args = $"-d 1 -i {s.Dir} {s.File("core.elf")} {s.File("dump")}";
            Tools.Result theirs = Tools.Debian(args), ours = Tools.Ours(args);
            Assert.Equal(1, theirs.ExitCode);
            Assert.Equal(1, ours.ExitCode);
            Assert.Contains($"Invalid format in {s.Dir}", theirs.Stdout + theirs.Stderr);
            Assert.Contains("invalid format", ours.Stderr);
        }
    }
}
