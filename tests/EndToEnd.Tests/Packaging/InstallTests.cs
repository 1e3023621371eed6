using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Bench.Build;
using Bench.Packaging;
using Xunit;
using TestSupport;

namespace EndToEnd.Tests.Packaging
{
    /// <summary>
    /// Issue 13, item 4: `make install` (PREFIX, DESTDIR), the man pages and bash completions made
    /// from the tools' --help, and the Debian package's contents, on the bench's NativeAOT tools.
    /// </summary>
    public class InstallTests : IClassFixture<InstallTests.Built>
    {
        /// <summary>One build folder with man pages and completions for the class (make all).</summary>
        public sealed class Built
        {
            public Built()
            {
                Dir = PackageBuilder.NewBuildDir("install-build");
                PackageBuilder.Make(Dir, "all");
            }

            public string Dir { get; }
        }

        private static readonly string[] Tools = { "kexec", "makedumpfile", "krestore" };
        private readonly string _build;

        public InstallTests(Built built) { _build = built.Dir; }

        [Theory]
        [InlineData("/usr", "usr/sbin", "usr/share/man", "usr/share/bash-completion/completions")]
        [InlineData(null, "usr/local/sbin", "usr/local/share/man", "usr/local/share/bash-completion/completions")]
        public void InstallPutsEverythingUnderDestdirAndPrefix(string? prefix, string sbin, string man, string completions)
        {
            string dest = Path.Combine(Path.GetDirectoryName(_build)!, "dest-" + (prefix == null ? "default" : "usr"));
            var args = new List<string> { "install", "DESTDIR=" + dest };
            if (prefix != null) args.Add("PREFIX=" + prefix);
            PackageBuilder.Make(_build, args.ToArray());
            foreach (string t in Tools)
            {
                string bin = Path.Combine(dest, sbin, t);
                Assert.True(File.Exists(bin), bin);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
                             UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(bin));
                Assert.Equal(File.ReadAllBytes(Path.Combine(_build, "bin", t)), File.ReadAllBytes(bin));
                Assert.True(File.Exists(Path.Combine(dest, man, "man8", t + ".8")), t + ".8");
                Assert.True(File.Exists(Path.Combine(dest, completions, t)), "completion " + t);
            }
            Assert.True(File.Exists(Path.Combine(dest, man, "man5", "makedumpfile.conf.5")));
            // Nothing lands outside DESTDIR/PREFIX.
            Assert.Equal(new[] { "usr" }, Directory.GetDirectories(dest).Select(Path.GetFileName).ToArray());

            args[0] = "uninstall";
            PackageBuilder.Make(_build, args.ToArray());
            Assert.Empty(Directory.EnumerateFiles(dest, "*", SearchOption.AllDirectories));
        }

        [Theory]
        [InlineData("kexec")]
        [InlineData("makedumpfile")]
        [InlineData("krestore")]
        public void ManPageNamesEveryOptionTheToolAccepts(string tool)
        {
            string page = Unroff(File.ReadAllText(Path.Combine(_build, "man", tool + ".8")));
            Assert.Contains($".TH {tool.ToUpperInvariant()} 8", page);
            Assert.DoesNotContain("@OPTIONS@", page);
            var missing = AcceptedOptions(tool).Where(o => !Regex.IsMatch(page, $@"(^|[\s,\[]){Regex.Escape(o)}($|[\s,=\[<])", RegexOptions.Multiline)).ToList();
            Assert.True(missing.Count == 0, $"{tool}.8 does not mention {string.Join(" ", missing)}");
        }

        [Fact]
        public void ManPagesFormatWithoutWarnings()
        {
            foreach (string page in Tools.Select(t => t + ".8").Append("makedumpfile.conf.5"))
            {
                ProcessRunner.Result r = ProcessRunner.Run("man", new[] { "--warnings", "-E", "UTF-8", "-l", Path.Combine(_build, "man", page) },
                    TimeSpan.FromMinutes(1), env: new Dictionary<string, string> { ["MANWIDTH"] = "80", ["MAN_KEEP_FORMATTING"] = "0" });
                Assert.True(r.ExitCode == 0, $"man {page}: {r.StdErr}");
                Assert.True(r.StdErr.Trim().Length == 0, $"man {page} warns:\n{r.StdErr}");
                // man-db marks bold by overstriking when the output is not a terminal.
                Assert.Contains("SEE ALSO", Regex.Replace(r.StdOut, ".\b", ""));
            }
        }

        [Theory]
        [InlineData("kexec")]
        [InlineData("makedumpfile")]
        [InlineData("krestore")]
        public void BashCompletionOffersEveryOption(string tool)
        {
            string script = Path.Combine(_build, "completion", tool);
            string fn = "_kexec_jump_" + tool;
            ProcessRunner.Result r = ProcessRunner.Run("bash", new[]
            {
                "-c", $"source '{script}'; COMP_WORDS=({tool} -); COMP_CWORD=1; {fn}; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            }, TimeSpan.FromMinutes(1));
            Assert.True(r.ExitCode == 0, r.StdErr);
            var offered = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var missing = AcceptedOptions(tool).Where(o => !offered.Contains(o)).ToList();
            Assert.True(missing.Count == 0, $"completion of {tool} lacks {string.Join(" ", missing)}");
        }

        [Fact]
        public void CompletionOffersFilesAfterAnOptionWithAnArgument()
        {
            string script = Path.Combine(_build, "completion", "kexec");
            string dir = Path.Combine(Path.GetDirectoryName(_build)!, "completion-files");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "initrd-file.img"), "");
            ProcessRunner.Result r = ProcessRunner.Run("bash", new[]
            {
                "-c", $"cd '{dir}'; source '{script}'; COMP_WORDS=(kexec --initrd ini); COMP_CWORD=2; _kexec_jump_kexec; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            }, TimeSpan.FromMinutes(1));
            Assert.Equal("initrd-file.img", r.StdOut.Trim());
        }

        [Fact]
        public void DebianPackageHoldsTheToolsAtDebiansPathsAndDivertsThem()
        {
            string deb = PackageBuilder.BuildDeb(_build);
            string contents = ProcessRunner.RunChecked("dpkg-deb", new[] { "-c", deb }, TimeSpan.FromMinutes(1)).StdOut;
            foreach (string path in new[]
                     {
                         "./sbin/kexec", "./usr/bin/makedumpfile", "./usr/sbin/krestore",
                         "./usr/share/man/man8/kexec.8.gz", "./usr/share/man/man8/makedumpfile.8.gz", "./usr/share/man/man8/krestore.8.gz",
                         "./usr/share/man/man5/makedumpfile.conf.5.gz", "./usr/share/bash-completion/completions/kexec",
                     })
                Assert.Matches($@"root/root .* {Regex.Escape(path)}\n", contents);
            string depends = ProcessRunner.RunChecked("dpkg-deb", new[] { "-f", deb, "Depends" }, TimeSpan.FromMinutes(1)).StdOut;
            Assert.Contains("libc6", depends);
            string preinst = ProcessRunner.RunChecked("dpkg-deb", new[] { "-I", deb, "preinst" }, TimeSpan.FromMinutes(1)).StdOut;
            Assert.Contains("dpkg-divert --package kexec-jump-tools --add --rename", preinst);
            Assert.Contains("/sbin/kexec /usr/bin/makedumpfile", preinst);
        }

        [Fact]
        public void OfflineRootBuildSaysInOneLineWhatCouldNotBeFetched()
        {
            // What mmdebstrap 1.3.5 printed in a network namespace without network.
            const string output = "I: running apt-get update...\n" +
                "E: Failed to fetch http://mirror.invalid/debian/dists/bookworm/InRelease  Temporary failure resolving 'mirror.invalid'\n" +
                "E: Some index files failed to download. They have been ignored, or old ones used instead.\n" +
                "E: mmdebstrap failed to run\n";
            string line = DebianRoot.FetchFailure(output);
            Assert.DoesNotContain("\n", line);
            Assert.StartsWith("could not fetch http://mirror.invalid/debian/dists/bookworm/InRelease", line);
            Assert.Contains("kdump-tools", line);
            Assert.Equal("mmdebstrap failed: E: dpkg broke", DebianRoot.FetchFailure("I: x\nE: dpkg broke\n"));
        }

        /// <summary>
        /// Every spelling the tool accepts: each option line's "-x, --long" spellings in its own
        /// --help, and, where the project documents the tool's option table
        /// (docs/options-TOOL.md, generated from the table the parser uses and kept equal to it
        /// by its own test), every spelling in the table's first column, hidden ones included.
        /// </summary>
        private IReadOnlyList<string> AcceptedOptions(string tool)
        {
            string help = ProcessRunner.RunChecked(Path.Combine(_build, "bin", tool), new[] { "--help" }, TimeSpan.FromMinutes(1)).StdOut;
            var options = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string line in help.Split('\n'))
            {
                Match m = Regex.Match(line, @"^\s+(--?[A-Za-z0-9?]\S*.*?)(\s{2,}|$)");
                if (m.Success) AddSpellings(options, m.Groups[1].Value);
            }
            Assert.True(options.Count > 5, $"{tool} --help lists only {options.Count} options:\n{help}");
            string table = Path.Combine(BenchPaths.RepoRoot, "docs", $"options-{tool}.md");
            if (File.Exists(table))
                foreach (string line in File.ReadLines(table))
                {
                    Match m = Regex.Match(line, @"^\| `([^`]+)` \|");
                    if (m.Success) AddSpellings(options, m.Groups[1].Value);
                }
            return options.ToList();
        }

        private static void AddSpellings(ISet<string> options, string spelling)
        {
            foreach (Match w in Regex.Matches(spelling, @"(?<![\w-])--?[A-Za-z0-9][\w-]*"))
                options.Add(w.Value);
        }

        /// <summary>The roff source with its escapes for '-' and '\' undone, for plain-text matching.</summary>
        private static string Unroff(string roff) => roff.Replace("\\-", "-").Replace("\\e", "\\").Replace("\\&", "");
    }
}
