using System.IO;
using MakeDumpFile.Tests.Support;
using Xunit;

namespace MakeDumpFile.Tests.BadInput
{
    /// <summary>Command lines the fuzzer (tests/Fuzz) found that makedumpfile did not answer with its one error line.</summary>
    public sealed class CommandLineTests
    {
        /// <summary>
        /// System.CommandLine read an argument "@PATH" as a response file and died with an
        /// unhandled UnauthorizedAccessException on a directory. It is an ordinary argument now
        /// (here the only path given, so DUMPFILE is missing).
        /// </summary>
        [Fact]
        public void Argument_starting_with_at_is_no_response_file()
        {
            using var s = new Scratch();
            string dir = s.File("dir");
            Directory.CreateDirectory(dir);
            Tools.Result r = Tools.Ours($"-d 31 -l \"@{dir}\"");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("makedumpfile: expected VMCORE and DUMPFILE", r.Stderr);
            Assert.DoesNotContain("Unhandled", r.Stderr);
        }
    }
}
