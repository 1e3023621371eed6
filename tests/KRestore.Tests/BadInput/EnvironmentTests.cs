using System.IO;
using KRestore.Tests.Support;
using Xunit;

namespace KRestore.Tests.BadInput
{
    /// <summary>Missing device, missing privilege, missing core, bad command lines, a target that does not keep what is written.</summary>
    [Collection(ImagesCollection.Name)]
    public sealed class EnvironmentTests
    {
        private readonly ImageCache _images;

        public EnvironmentTests(ImageCache images) => _images = images;

        [Fact]
        public void Absent_dev_oldmem_is_one_clear_line_and_exit_code_3()
        {
            Assert.False(File.Exists("/dev/oldmem"), "this test needs a host without /dev/oldmem");
            using var w = new Workspace("nooldmem");
            Tools.Result r = Tools.KRestore("--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, _images.Image("l", 17));
            Assert.Equal(3, r.ExitCode);
            Assert.Equal("krestore: /dev/oldmem does not exist: this kernel was not booted as a jump or capture kernel (elfcorehdr=) with CONFIG_DEV_OLDMEM", r.Stderr.Trim());
        }

        [Fact]
        public void Absent_target_file_is_not_created()
        {
            using var w = new Workspace("notarget");
            string target = w.PathOf("missing");
            Tools.Result r = Tools.KRestore("--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, _images.Image("l", 17));
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("does not exist", r.Stderr);
            Assert.False(File.Exists(target));
        }

        [Fact]
        public void Writing_a_device_as_an_ordinary_user_is_refused_before_anything_is_read()
        {
            using var w = new Workspace("notroot");
            // As nobody (65534): the device check comes first, so no file of root's is needed.
            Tools.Result r = Tools.KRestoreProcess("--target /dev/null --target-ranges 0-1fffffff /nonexistent-image", runAs: "65534");
            Assert.True(r.ExitCode == 3, r.All);
            Assert.Equal("krestore: writing /dev/null needs root (running as uid 65534)", r.Stderr.Trim());
        }

        [Fact]
        public void Absent_target_core_is_exit_code_3()
        {
            using var w = new Workspace("nocore");
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Tools.Result r = Tools.KRestore("--target", target, "--target-core", w.PathOf("no-vmcore"), "--system-root", w.SystemRoot, _images.Image("l", 17));
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("no-vmcore does not exist", r.Stderr);
            before.AssertUnchanged();
        }

        [Fact]
        public void Unreadable_iomem_is_exit_code_3()
        {
            using var w = new Workspace("iomem");
            File.WriteAllText(Path.Combine(w.SystemRoot, "proc", "iomem"), "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n");
            string target = TargetSnapshot.MakeTarget(w);
            TargetSnapshot before = TargetSnapshot.Take(target);
            Tools.Result r = Tools.KRestore("--target", target, "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, _images.Image("l", 17));
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("shows no addresses", r.Stderr);
            before.AssertUnchanged();
        }

        [Theory]
        [InlineData("")]
        [InlineData("-R some-image")]
        [InlineData("a b")]
        [InlineData("--target-ranges 10-5 image")]
        [InlineData("--jump-back-entry xyz image")]
        [InlineData("--no-such-option image")]
        [InlineData("--message-level 99 image")]
        public void Usage_errors_are_exit_code_2(string args)
        {
            Tools.Result r = Tools.KRestore(args.Length == 0 ? new string[0] : args.Split(' '));
            Assert.True(r.ExitCode == 2, $"'{args}': {r.ExitCode}\n{r.All}");
            Assert.StartsWith("krestore: ", r.Stderr);
        }

        [Fact]
        public void Help_lists_the_exit_codes_and_version_works()
        {
            Tools.Result help = Tools.KRestore("--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("1 image refused", help.Stdout);
            Assert.Contains("4 written but the read-back differs", help.Stdout);
            Tools.Result v = Tools.KRestore("-v");
            Assert.Equal(0, v.ExitCode);
            Assert.StartsWith("krestore ", v.Stdout);
        }

        [Fact]
        public void A_target_that_does_not_keep_what_is_written_fails_verification_with_exit_code_4()
        {
            using var w = new Workspace("verify");
            // /dev/null takes every write and reads back nothing (--force: it is a device, not /dev/oldmem).
            Tools.Result r = Tools.KRestore("--json", "--force", "--target", "/dev/null", "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, _images.Image("l", 17));
            Assert.True(r.ExitCode == 4, r.All);
            var s = new SummaryJson(r.Stdout);
            Assert.False(s.B("verified"));
            Assert.True(s.U("pages_differing") > 1000);
            Assert.Contains("read-back differs", r.Stderr);
            Tools.Result unverified = Tools.KRestore("--no-verify", "--force", "--target", "/dev/null", "--target-core", _images.Fixture.Elf, "--system-root", w.SystemRoot, _images.Image("l", 17));
            Assert.Equal(0, unverified.ExitCode);
            Assert.Contains("verified: not checked", unverified.Stdout);
        }
    }
}
