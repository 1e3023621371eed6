using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MakeDumpFile.Cli;
using MakeDumpFile.Tests.Support;
using ToolHost.CommandLine;
using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>
    /// Our makedumpfile and Debian's 1.7.2 given the same command lines that need no vmcore: exit
    /// statuses, the closing line scripts grep for, and the option table against 1.7.2's own
    /// --help and its getopt_long table (an option 1.7.2 does not know it calls unrecognized).
    /// </summary>
    public class CommandLineMatchesMakedumpfileTests
    {
        private static (Tools.Result Ours, Tools.Result Theirs) Both(string args)
        {
            string cwd = Directory.CreateTempSubdirectory("mdf-cli-").FullName;
            try
            {
                string inCwd = args.Replace("@", cwd + "/");
                return (Tools.Ours(inCwd), Tools.Debian(inCwd));
            }
            finally
            {
                Directory.Delete(cwd, true);
            }
        }

        [Theory]
        [InlineData("--bogus")]
        [InlineData("-Q @v @d")]
        [InlineData("-d 31")]
        [InlineData("-d 32 @v @d")]
        [InlineData("-c -E @v @d")]
        [InlineData("-d")]
        [InlineData("-d 31 -c @no-such-vmcore @d")]
        [InlineData("--dump-dmesg @no-such-vmcore @log")]
        [InlineData("--message-level 99 @v @d")]
        [InlineData("-R")]
        public void FailuresExitOneAndSayFailed(string args)
        {
            var (ours, theirs) = Both(args);
            Assert.Equal(1, theirs.ExitCode);
            Assert.Equal(theirs.ExitCode, ours.ExitCode);
            Assert.Contains("makedumpfile Failed.", theirs.Stdout);
            Assert.Contains("makedumpfile Failed.", ours.Stdout);
            Assert.DoesNotContain("Completed", ours.Stdout);
            string[] errors = ours.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(errors);
            Assert.StartsWith("makedumpfile: ", errors[0]);
            Assert.DoesNotMatch("Exception|Could not find a part of the path", ours.Stderr);
        }

        [Fact]
        public void VersionHasTheCToolsFormAndListsTheCompressions()
        {
            var (ours, theirs) = Both("-v");
            Assert.Equal(0, theirs.ExitCode);
            Assert.Equal(0, ours.ExitCode);
            var form = new Regex(@"^makedumpfile: version (\d+\.\d+\.\d+) \(.*\)\nlzo\t(enabled|disabled)\nsnappy\t(enabled|disabled)\nzstd\t(enabled|disabled)\n");
            Assert.Matches(form, theirs.Stdout);
            Assert.Matches(form, ours.Stdout);
            Assert.Equal("1.7.2", form.Match(ours.Stdout).Groups[1].Value);
        }

        [Fact]
        public void HelpIsAsCompleteAsTheCTools()
        {
            var (ours, theirs) = Both("--help");
            Assert.Equal(0, ours.ExitCode);
            foreach (string line in MakeDumpFileOptionTable.DumpLevelTable.Split('\n').Concat(MakeDumpFileOptionTable.MessageLevelTable.Split('\n')))
                Assert.Contains(line, ours.Stdout);
            // Every option 1.7.2's usage text names appears in ours.
            foreach (string option in OptionsNamedIn(theirs.Stdout))
                Assert.Contains(option, ours.Stdout);
        }

        [Fact]
        public void CheckParamsAcceptsAGoodLineAndRefusesABadOneAsTheCToolDoes()
        {
            foreach (string args in new[] { "--check-params -d 31 -l @vmcore @dump", "--check-params -d 31 -c -E @vmcore @dump", "--check-params --bogus" })
            {
                var (ours, theirs) = Both(args);
                Assert.True(theirs.ExitCode == ours.ExitCode, $"{args}: 1.7.2 exits {theirs.ExitCode}, ours {ours.ExitCode}\n{ours.Stderr}");
            }
        }

        /// <summary>Every option of 1.7.2's --help is in our table, and every option of our table that claims the C tool's spelling is one 1.7.2 knows.</summary>
        [Fact]
        public void TheOptionTableCoversMakedumpfile172()
        {
            var (_, theirs) = Both("--help");
            OptionTable table = MakeDumpFileOptionTable.Table;
            foreach (string option in OptionsNamedIn(theirs.Stdout))
            {
                bool known = option.StartsWith("--", StringComparison.Ordinal)
                    ? table.Options.Any(o => o.Long == option.Substring(2) || o.Aliases.Contains(option.Substring(2)))
                    : table.FindShort(option[1]) != null;
                Assert.True(known, $"makedumpfile 1.7.2 has {option}; our table does not");
            }
            foreach (OptionSpec o in table.Options.Where(o => o.Compatibility != Compatibility.Extension))
            {
                string spelled = o.Long != null ? "--" + o.Long : "-" + o.Short;
                string value = o.Argument == ArgumentKind.Required ? (o.Long != null ? "=1" : " 1") : "";
                var (_, c) = Both(spelled + value);
                Assert.DoesNotMatch("unrecognized option|invalid option", c.Stderr);
            }
        }

        private static string[] OptionsNamedIn(string help) =>
            Regex.Matches(help, @"\[(-[A-Za-z]|--[a-z][a-z_-]+)").Select(m => m.Groups[1].Value)
                .Concat(Regex.Matches(help, @"\[-h, (--help)\]").Select(m => m.Groups[1].Value))
                .Where(o => o != "--splitblock").Distinct().ToArray();
    }
}
