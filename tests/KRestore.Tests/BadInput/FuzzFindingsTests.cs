using System.IO;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.BadInput
{
    /// <summary>Inputs the fuzzer (tests/Fuzz) found that krestore did not answer with its one error line.</summary>
    public sealed class FuzzFindingsTests
    {
        /// <summary>
        /// System.CommandLine read an argument "@PATH" as a response file and threw
        /// UnauthorizedAccessException on a directory (harness numbers). Our getopt_long (ToolHost)
        /// has no response files: it is an ordinary argument.
        /// </summary>
        [Fact]
        public void Argument_starting_with_at_is_no_response_file()
        {
            using var w = new Workspace("atargument");
            string dir = w.PathOf("dir");
            Directory.CreateDirectory(dir);
            Tools.Result r = Tools.KRestore("--dry-run", "--target-ranges", "@" + dir, "image");
            Assert.Equal(2, r.ExitCode);
            Assert.Equal($"krestore: --target-ranges: '@{dir}' is not a range START-END (hexadecimal, END inclusive)", r.Stderr.Trim());
        }
    }
}
