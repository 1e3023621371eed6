using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Kexec.Cli;
using MakeDumpFile.Cli;
using ToolHost.CommandLine;
using TestSupport;
using Xunit;

namespace ToolHost.Tests
{
    /// <summary>
    /// docs/options-kexec.md and docs/options-makedumpfile.md are the option tables as the tools
    /// hold them (regenerate with UPDATE_OPTION_DOCS=1), and the tables cover the C tools:
    /// every option kexec-tools 2.0.25 names in its --help and kexec(8) is in ours.
    /// </summary>
    public class OptionDocsTests
    {
        private static readonly string Root = BenchPaths.RepoRoot;

        public static string KexecDoc() => OptionTableMarkdown.Format(KexecOptionTable.Table, "kexec options against kexec-tools 2.0.25",
            "Generated from src/Kexec/Cli/KexecOptionTable.cs (the table `kexec --help` prints); tests/ToolHost.Tests/OptionDocsTests.cs " +
            "keeps this file equal to it and checks that every option of kexec-tools 2.0.25's `--help` and kexec(8) (x86, x86_64) is in it. " +
            "\"not applicable\" options are accepted and answered with the one line given; none is dropped silently.");

        public static string MakeDumpFileDoc() => OptionTableMarkdown.Format(MakeDumpFileOptionTable.Table, "makedumpfile options against makedumpfile 1.7.2",
            "Generated from src/MakeDumpFile/Cli/MakeDumpFileOptionTable.cs (the table `makedumpfile --help` prints); " +
            "tests/ToolHost.Tests/OptionDocsTests.cs keeps this file equal to it, and " +
            "tests/MakeDumpFile.Tests/Differential/CommandLineMatchesMakedumpfileTests.cs checks it against Debian's makedumpfile 1.7.2 " +
            "(every option of its --help is here; every option here that is not ours only is one 1.7.2 knows). " +
            "\"not applicable\" options are answered with the one line given and exit status 1, as 1.7.2's refusals; none is dropped silently. " +
            "Later releases, up to 1.7.9: makedumpfile.c of makedumpfile/makedumpfile at commit f2c5f761 (read through the project's source search) " +
            "has 1.7.2's getopt_long table unchanged (the same longopts, the short options \"b:cDd:eEFfg:hi:lL:pRvXx:z\") and the same " +
            "check_param_for_*() rules, so this table covers them too; its tree also holds extension.c (built with EXTENSION=on), whose option " +
            "that copy of makedumpfile.c does not have yet, so it is not covered. " +
            "--check-params applies the rules of src/MakeDumpFile/Cli/ParameterChecks.cs, which a run applies too; " +
            "tests/MakeDumpFile.Tests/Differential/CheckParamsMatchesMakedumpfileTests.cs compares its exit status with 1.7.2's on kdumpctl-style lines.");

        [Theory]
        [InlineData("options-kexec.md")]
        [InlineData("options-makedumpfile.md")]
        public void DocsHoldTheToolsTables(string name)
        {
            string expected = name == "options-kexec.md" ? KexecDoc() : MakeDumpFileDoc();
            string path = Path.Combine(Root, "docs", name);
            if (Environment.GetEnvironmentVariable("UPDATE_OPTION_DOCS") == "1") File.WriteAllText(path, expected);
            Assert.True(File.Exists(path), $"{path} is missing: run this test with UPDATE_OPTION_DOCS=1");
            Assert.True(expected == File.ReadAllText(path), $"{path} differs from the option table: run this test with UPDATE_OPTION_DOCS=1");
        }

        [Fact]
        public void EveryKexecToolsOptionIsInOurTable()
        {
            if (!File.Exists("/sbin/kexec")) Assert.Fail("Debian's kexec-tools 2.0.25 is not installed (apt-get install kexec-tools)");
            string help = Run("/sbin/kexec", "--help");
            string man = Run("sh", "-c", "zcat /usr/share/man/man8/kexec.8.gz | man -l - 2>/dev/null | col -b");
            Assert.Contains("kexec-tools", Run("/sbin/kexec", "-v"));
            var names = Regex.Matches(help + "\n" + man, @"(?<![\w-])--([a-z][a-z0-9-]+[a-z0-9])(?![\w‐-])").Select(m => m.Groups[1].Value).Distinct().ToList();
            // Options of other architectures in kexec(8) (arm, ppc, s390, mips, ia64) and man-page words that are not options.
            string[] otherArch = { "dtb", "atags", "image-size", "page-offset", "dt-no-old-root", "ramdisk-size", "devicetreeblob", "reuse-node",
                "gamecube", "noefi-never", "dol", "nodelete", "elf32-core", "dt", "hotplug", "lite", "mem-base", "reserve", "rmo" };
            OptionTable t = KexecOptionTable.Table;
            Assert.True(names.Count > 30, "too few options found in kexec-tools' help: " + string.Join(" ", names));
            foreach (string n in names.Where(n => !otherArch.Contains(n)))
                Assert.True(t.Options.Any(o => o.Long == n || o.Aliases.Contains(n)), $"kexec-tools has --{n}; our table does not");
            foreach (Match m in Regex.Matches(help, @"^ -([A-Za-z]), --", RegexOptions.Multiline))
                Assert.True(t.FindShort(m.Groups[1].Value[0]) != null, $"kexec-tools has -{m.Groups[1].Value}; our table does not");
        }

        private static string Run(string exe, params string[] args)
        {
            ProcessRunner.Result r = ProcessRunner.Run(exe, args, TimeSpan.FromMinutes(1));
            return r.StdOut + r.StdErr;
        }
    }
}
