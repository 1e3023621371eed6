using System.Linq;
using ToolHost.CommandLine;
using Xunit;

namespace ToolHost.Tests
{
    /// <summary>getopt_long as glibc does it for kexec-tools and makedumpfile (their own tables are tested with the tools).</summary>
    public class GetOptLongTests
    {
        private static readonly OptionTable Table = Build();

        private static OptionTable Build()
        {
            var t = new OptionTable("demo", "demo 1.0");
            t.Add(new OptionSpec("load", 'l', "load", ArgumentKind.None, "load"));
            t.Add(new OptionSpec("load-panic", 'p', "load-panic", ArgumentKind.None, "panic"));
            t.Add(new OptionSpec("load-preserve-context", null, "load-preserve-context", ArgumentKind.None, "preserve") { Aliases = new[] { "load-jump-back" } });
            t.Add(new OptionSpec("load-jump-back-helper", null, "load-jump-back-helper", ArgumentKind.Optional, "helper"));
            t.Add(new OptionSpec("append", null, "append", ArgumentKind.Required, "append") { Aliases = new[] { "command-line" } });
            t.Add(new OptionSpec("initrd", null, "initrd", ArgumentKind.Required, "initrd"));
            t.Add(new OptionSpec("dump-level", 'd', null, ArgumentKind.Required, "level"));
            t.Add(new OptionSpec("zlib", 'c', null, ArgumentKind.None, "zlib"));
            return t;
        }

        private static ParsedCommandLine P(params string[] args) => GetOptLong.Parse(args, Table);

        private static string Fails(params string[] args) => Assert.Throws<UsageException>(() => P(args)).Message;

        [Fact]
        public void UniqueAbbreviationsMatchAndExactNamesWinOverLongerOnes()
        {
            Assert.Equal("x", P("--comm=x").Last("append"));
            Assert.Equal("f", P("--init", "f").Last("initrd"));
            Assert.True(P("--load").Has("load"));
            Assert.True(P("--load-jump-back").Has("load-preserve-context"));
            Assert.True(P("--load-jump-back-h=0x10").Has("load-jump-back-helper"));
            Assert.Contains("ambiguous", Fails("--load-p"));
            Assert.Contains("ambiguous", Fails("--lo"));
        }

        [Fact]
        public void EqualsAndSpaceFormsAndOptionalArguments()
        {
            Assert.Equal("a b", P("--append=a b").Last("append"));
            Assert.Equal("a b", P("--append", "a b").Last("append"));
            Assert.Equal("", P("--append=").Last("append"));
            // An optional argument is taken only with "=": the next word is an operand.
            ParsedCommandLine h = P("--load-jump-back-helper", "0x10");
            Assert.Null(h.Last("load-jump-back-helper"));
            Assert.Equal(new[] { "0x10" }, h.Operands);
            Assert.Equal("0x10", P("--load-jump-back-helper=0x10").Last("load-jump-back-helper"));
            Assert.Contains("requires an argument", Fails("--append"));
            Assert.Contains("doesn't allow an argument", Fails("--load=1"));
        }

        [Fact]
        public void BundledShortOptionsAndAttachedValues()
        {
            ParsedCommandLine p = P("-lcd31", "file");
            Assert.Equal(new[] { "load", "zlib", "dump-level" }, p.Occurrences.Select(o => o.Option.Key));
            Assert.Equal("31", p.Last("dump-level"));
            Assert.Equal("17", P("-d", "17").Last("dump-level"));
            Assert.Equal("invalid option -- 'q'", Fails("-lq"));
            Assert.Equal("option requires an argument -- 'd'", Fails("-cd"));
        }

        [Fact]
        public void OptionsAndOperandsMixAndDoubleDashEndsOptions()
        {
            ParsedCommandLine p = P("in", "-l", "out", "--", "-c", "--load");
            Assert.True(p.Has("load"));
            Assert.False(p.Has("zlib"));
            Assert.Equal(new[] { "in", "out", "-c", "--load" }, p.Operands);
            Assert.Equal(new[] { "-" }, P("-").Operands);
        }

        [Fact]
        public void UnknownOptionsAreErrorsNeverOperands()
        {
            Assert.Equal("unrecognized option '--bogus'", Fails("file", "--bogus"));
            Assert.Equal("unrecognized option '--bogus'", Fails("--bogus=1"));
        }

        [Fact]
        public void RepeatedOptionsKeepEveryOccurrenceAndTheLastValueWins()
        {
            ParsedCommandLine p = P("--append=a", "--command-line=b", "--append", "c");
            Assert.Equal("c", p.Last("append"));
            Assert.Equal(3, p.Count("append"));
        }

        [Fact]
        public void ShellWordsSplitsAsAShell()
        {
            Assert.Equal(new[] { "-d", "31", "/a b/c", "x\"y", "it's" }, ShellWords.Split("-d 31 \"/a b/c\" x\\\"y \"it's\""));
            Assert.Equal(new[] { "" , "z" }, ShellWords.Split("'' z"));
        }
    }
}
