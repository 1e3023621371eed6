using System.IO;
using System.Linq;
using MakeDumpFile.Erasing;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.Debuginfo
{
    /// <summary>The filter file's syntax as 1.7.2's get_config_token() reads it, and the refusals of the command line.</summary>
    public sealed class FilterConfigTests
    {
        [Fact]
        public void CommandsSpanLinesAndCommentsAndTabsAreIgnored()
        {
            FilterConfig c = FilterConfig.Parse("# head\nerase\tinit_task.comm # tail\nerase saved_command_line\n size 12K\nerase prb\nnullify\n" +
                                                "for t in init_task.tasks within task_struct\n erase t.comm size t.pid\nendfor\n");
            Assert.Null(c.Error);
            Assert.Equal(4, c.Commands.Count);
            var e = (EraseCommand)c.Commands[1];
            Assert.Equal("saved_command_line", e.Expression);
            Assert.Equal(12 * 1024, e.SizeValue);
            Assert.True(((EraseCommand)c.Commands[2]).Nullify);
            var loop = (EraseLoop)c.Commands[3];
            Assert.Equal("task_struct", loop.WithinStruct);
            Assert.Null(loop.WithinMember);
            Assert.Equal("t.pid", loop.Commands.Single().SizeExpression);
        }

        [Theory]
        [InlineData("erase a\nbogus\nerase b\n", 1, "Config error at 2: Invalid token 'bogus'.")]
        [InlineData("erase a\nerase\n", 1, "Config error at 2: expected kernel symbol after 'erase' command.")]
        [InlineData("for x in list\n erase x.a\n", 0, "No matching 'endfor' found.")]
        [InlineData("for x in list\n erase y.a\nendfor\n", 0, "unused iteration variable 'x'.")]
        [InlineData("for x list\nendfor\n", 0, "expected token 'in'.")]
        [InlineData("[vmlinux\nerase a\n", 0, "Invalid module section entry.")]
        public void TheFirstErrorEndsTheFile(string text, int commands, string message)
        {
            FilterConfig c = FilterConfig.Parse(text);
            Assert.Equal(commands, c.Commands.Count);
            Assert.NotNull(c.Error);
            Assert.EndsWith(message, c.Error);
        }

        [Fact]
        public void ModuleSectionsAreSkippedAndNamed()
        {
            FilterConfig c = FilterConfig.Parse("erase a\n[nf_tables]\nerase b\n[vmlinux]\nerase c\n");
            Assert.Equal(new[] { "a", "c" }, c.Commands.Cast<EraseCommand>().Select(e => e.Expression));
            Assert.Equal(new[] { "nf_tables" }, c.SkippedModules);
        }

        [Fact]
        public void ConfigNeedsTheVmlinuxAndIsNotForSplit()
        {
            using var s = new Scratch();
            File.WriteAllText(s.File("f.conf"), "erase a\n");
            Tools.Result r = Tools.Ours($"--config {s.File("f.conf")} -d 31 /proc/vmcore {s.File("out")}");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("--config needs -x VMLINUX", r.Stderr);
            r = Tools.Ours($"--config {s.File("f.conf")} -x {s.File("f.conf")} --split /proc/vmcore {s.File("a")} {s.File("b")}");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("--split", r.Stderr);
            Assert.False(File.Exists(s.File("out")));
        }
    }
}
