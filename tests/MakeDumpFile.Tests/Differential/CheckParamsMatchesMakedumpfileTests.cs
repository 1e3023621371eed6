using System;
using System.IO;
using System.Linq;
using MakeDumpFile.Cli;
using MakeDumpFile.Tests.Support;
using ToolHost.CommandLine;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// --check-params as RHEL's kdumpctl runs it (`makedumpfile --check-params` followed by the
    /// core_collector's options): our makedumpfile and Debian's 1.7.2 given the same lines, with
    /// files that need not exist (neither tool opens them). Same exit status, no closing line
    /// ("Completed."/"Failed." are not printed under --check-params), nothing created; where ours
    /// refuses it says why in one line.
    /// </summary>
    public class CheckParamsMatchesMakedumpfileTests
    {
        private sealed class Outcome
        {
            public Tools.Result Result = null!;
            public string[] Created = Array.Empty<string>();
        }

        /// <summary>ARGS with @NAME for a name in a fresh empty folder per tool; what each left there.</summary>
        private static (Outcome Ours, Outcome Theirs) Both(string args)
        {
            using var s = new Scratch();
            Outcome One(string who, bool ours)
            {
                string dir = Path.Combine(s.Dir, who);
                Directory.CreateDirectory(dir);
                string line = args.Replace("@", dir + "/");
                var o = new Outcome { Result = ours ? Tools.Ours(line) : Tools.Debian(line) };
                o.Created = Directory.GetFileSystemEntries(dir).Select(f => Path.GetFileName(f)).ToArray();
                return o;
            }
            return (One("ours", true), One("theirs", false));
        }

        private static void Same(string args, int expected)
        {
            var (ours, theirs) = Both(args);
            Assert.True(theirs.Result.ExitCode == expected, $"{args}: 1.7.2 exits {theirs.Result.ExitCode} (the test expects {expected})\n{theirs.Result.Stdout}{theirs.Result.Stderr}");
            Assert.True(ours.Result.ExitCode == expected, $"{args}: 1.7.2 exits {expected}, ours {ours.Result.ExitCode}\n{ours.Result.Stdout}{ours.Result.Stderr}");
            foreach (Outcome o in new[] { ours, theirs })
            {
                Assert.Empty(o.Created);
                Assert.DoesNotContain("makedumpfile Completed.", o.Result.Stdout);
                Assert.DoesNotContain("makedumpfile Failed.", o.Result.Stdout);
            }
            if (expected == 0)
            {
                Assert.Equal("", ours.Result.Stdout + ours.Result.Stderr);
            }
            else
            {
                string[] errors = ours.Result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(errors.Length == 1 && errors[0].StartsWith("makedumpfile: ", StringComparison.Ordinal), $"{args}: ours said\n{ours.Result.Stderr}");
            }
        }

        /// <summary>core_collector lines of RHEL's kdump.conf and its man page, and the other modes' forms.</summary>
        [Theory]
        [InlineData("-l --message-level 7 -d 31 @vmcore @dump")]
        [InlineData("-l --message-level 1 -d 31 @vmcore @dump")]
        [InlineData("-c -d 31 --non-mmap @vmcore @dump")]
        [InlineData("-l -d 31 --cyclic-buffer 1024 @vmcore @dump")]
        [InlineData("-l -d 31 --cyclic-buffer 0 @vmcore @dump")]
        [InlineData("-l -d 31 --work-dir @no-such-dir @vmcore @dump")]
        [InlineData("-l -d 31 -b 8 --splitblock-size 1024 --split @vmcore @a @b")]
        [InlineData("-l -d 31 --splitblock-size 0 --split @vmcore @a @b")]
        [InlineData("-F -l -d 31 @vmcore")]
        [InlineData("-c -l @vmcore @dump")]
        [InlineData("-d 11,31 -l @vmcore @dump")]
        [InlineData("-d 1,,31 -l @vmcore @dump")]
        [InlineData("--num-threads 0 -E @vmcore @dump")]
        [InlineData("--num-threads 4 -l -d 31 @vmcore @dump")]
        [InlineData("-L 1G -d 31 -l @vmcore @dump")]
        [InlineData("-L 0x100000 -d 31 -l @vmcore @dump")]
        [InlineData("--dry-run -d 31 @vmcore @dump")]
        [InlineData("-D --show-stats -d 31 @vmcore @dump")]
        [InlineData("--dump-dmesg --partial-dmesg @vmcore @log")]
        [InlineData("--mem-usage @vmcore")]
        [InlineData("-R @dump")]
        [InlineData("-R -d 0 @dump")]
        [InlineData("--reassemble @a @b @dump")]
        [InlineData("--reassemble @a @dump")]
        // -i: the file is not opened by the check (it need not exist), with every mode that analyses the kernel.
        [InlineData("-i @vmcoreinfo -d 31 -l @vmcore @dump")]
        [InlineData("-i @vmcoreinfo -F -c -d 31 @vmcore")]
        [InlineData("-i @vmcoreinfo -E @vmcore @dump")]
        [InlineData("-i @vmcoreinfo --split -d 31 @vmcore @a @b")]
        [InlineData("-i @vmcoreinfo --dump-dmesg @vmcore @log")]
        [InlineData("-i @vmcoreinfo --mem-usage @vmcore")]
        public void ValidLinesPass(string args) => Same("--check-params " + args, 0);

        [Theory]
        [InlineData("-c -E @vmcore @dump")]
        [InlineData("--num-threads 2 -E @vmcore @dump")]
        [InlineData("--num-threads 2 --split @vmcore @a @b")]
        [InlineData("--split -E @vmcore @a @b")]
        [InlineData("--split @vmcore @a")]
        [InlineData("-F --split @vmcore @a @b")]
        [InlineData("-R -d 1 @dump")]
        [InlineData("-R -c @dump")]
        [InlineData("-R -E @dump")]
        [InlineData("-R @a @dump")]
        [InlineData("--reassemble -d 31 @a @b @dump")]
        [InlineData("--reassemble -l @a @b @dump")]
        [InlineData("--reassemble --split @a @b @dump")]
        [InlineData("--reassemble --dry-run @a @b @dump")]
        [InlineData("--dry-run --dump-dmesg @vmcore @log")]
        [InlineData("--partial-dmesg @vmcore @dump")]
        [InlineData("--dump-dmesg @vmcore")]
        [InlineData("-d 32 @vmcore @dump")]
        [InlineData("-d 1,32 @vmcore @dump")]
        [InlineData("-L 0 @vmcore @dump")]
        [InlineData("-L 10X @vmcore @dump")]
        [InlineData("--message-level 32 @vmcore @dump")]
        [InlineData("@vmcore")]
        [InlineData("--bogus @vmcore @dump")]
        [InlineData("-d")]
        // check_param_for_rearranging_dumpdata() and check_param_for_reassembling_dumpfile() refuse
        // -i; check_param_for_generating_vmcoreinfo() takes no VMCORE and needs -x; -i with -x is
        // refused by check_param_for_creating_dumpfile() (ours answers that -x is not supported).
        [InlineData("-i @vmcoreinfo -R @dump")]
        [InlineData("-i @vmcoreinfo --reassemble @a @b @dump")]
        [InlineData("-g @vmcoreinfo @vmcore")]
        [InlineData("-g @vmcoreinfo")]
        [InlineData("-i @vmcoreinfo -x @vmlinux @vmcore @dump")]
        public void InvalidLinesFailWithOneLine(string args) => Same("--check-params " + args, 1);

        /// <summary>
        /// What ours answers as not supported fails --check-params (1.7.2 passes these lines, and
        /// would then read the vmlinux, Xen or sadump data): a check that passed would promise a dump
        /// that the run then refuses.
        /// </summary>
        [Fact]
        public void OptionsOursDoesNotSupportFailItWithTheirAnswer()
        {
            OptionSpec[] refused = MakeDumpFileOptionTable.Table.Options.Where(o => o.Compatibility == Compatibility.NotApplicable).ToArray();
            Assert.Contains(refused, o => o.Long == "eppic");
            Assert.Contains(refused, o => o.Short == 'e');
            Assert.DoesNotContain(refused, o => o.Short == 'x' || o.Short == 'g' || o.Long == "config");
            foreach (OptionSpec o in refused)
            {
                string spelled = o.Long != null ? "--" + o.Long : "-" + o.Short;
                string value = o.Argument == ArgumentKind.Required ? " 1" : "";
                var (ours, theirs) = Both($"--check-params {spelled}{value} -d 1 @vmcore @dump");
                Assert.DoesNotMatch("unrecognized option|invalid option", theirs.Result.Stderr);
                Assert.True(ours.Result.ExitCode == 1, $"{spelled}: ours exits {ours.Result.ExitCode}");
                Assert.Equal("makedumpfile: " + o.Note + "\n", ours.Result.Stderr);
                Assert.Contains("not supported yet", o.Note!);
                Assert.Empty(ours.Created);
            }
        }

        /// <summary>-x, -g and --config as 1.7.2's check_param_for_*() take them (the files are not opened by the check).</summary>
        [Theory]
        [InlineData("-x /etc/hostname -d 1 @vmcore @dump", 0)]
        [InlineData("--config /etc/hostname -d 1 @vmcore @dump", 1)]
        [InlineData("--config /etc/hostname -x /etc/hostname -d 31 @vmcore @dump", 0)]
        [InlineData("-g @out -x /etc/hostname", 0)]
        [InlineData("-g @out", 1)]
        [InlineData("-g @out -x /etc/hostname @vmcore", 1)]
        [InlineData("-i /etc/hostname -x /etc/hostname -d 1 @vmcore @dump", 1)]
        public void TheVmlinuxOptionsAreCheckedAsMakedumpfileChecksThem(string args, int status)
        {
            var (ours, theirs) = Both("--check-params " + args);
            Assert.Equal(status, theirs.Result.ExitCode);
            Assert.Equal(status, ours.Result.ExitCode);
            Assert.Empty(ours.Created);
        }

        /// <summary>The run makes the same checks as --check-params, before it opens anything.</summary>
        [Theory]
        [InlineData("-R -d 1 @dump")]
        [InlineData("--num-threads 2 -E @core.elf @dump")]
        [InlineData("--reassemble -d 31 @a @b @dump")]
        public void ARunRefusesWhatTheCheckRefuses(string args)
        {
            using var s = new Scratch();
            SmallCore.Write(s.File("core.elf"));
            string line = args.Replace("@", s.Dir + "/");
            Tools.Result ours = Tools.Ours(line), theirs = Tools.Debian(line);
            Assert.Equal(1, theirs.ExitCode);
            Assert.Equal(1, ours.ExitCode);
            Assert.Contains("makedumpfile Failed.", theirs.Stdout);
            Assert.Contains("makedumpfile Failed.", ours.Stdout);
            Assert.False(File.Exists(s.File("dump")));
        }

        /// <summary>A missing --work-dir passes --check-params (above) but fails the run, as in 1.7.2, which cannot create its bitmap file there.</summary>
        [Fact]
        public void AMissingWorkDirFailsTheRun()
        {
            using var s = new Scratch();
            SmallCore.Write(s.File("core.elf"));
            string line = $"-d 1 -l --work-dir {s.File("no-such-dir")} {s.File("core.elf")} {s.File("dump")}";
            Tools.Result ours = Tools.Ours(line), theirs = Tools.Debian(line);
            Assert.Equal(1, theirs.ExitCode);
            Assert.Equal(1, ours.ExitCode);
            Assert.Contains("--work-dir", ours.Stderr);
            Assert.False(File.Exists(s.File("dump")));
            line = $"-d 1 -l --work-dir {s.Dir} {s.File("core.elf")} {s.File("dump")}";
            Tools.MustSucceed(Tools.Debian(line), "1.7.2 --work-dir");
            File.Delete(s.File("dump"));
            Tools.MustSucceed(Tools.Ours(line), "ours --work-dir");
        }
    }
}
