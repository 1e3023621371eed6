using System;
using Kexec.Loaders;
using Kexec.Memory;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.Loaders
{
    /// <summary>
    /// KernelImageBuilder.AddCoreHeaderIfNeeded says what it added (the returned segment, the
    /// CoreHeader property), and the steps that rely on it refuse to run before it.
    /// </summary>
    public class CoreHeaderStepTests
    {
        private static KernelImageBuilder Builder(LoadKind kind)
        {
            var files = new SystemFiles(Repo.Data("qemu-512M-crashkernel"));
            var reader = new MemoryMapReader(files);
            var context = new LoadContext(new LoadRequest { Kind = kind }, files, reader.Read(), reader.ReadCrashKernelRanges(),
                reader.ReadSystemRamFromIomem(), "console=ttyS0", null);
            return new KernelImageBuilder(context, "test");
        }

        [Fact]
        public void ANormalLoadAddsNoCoreHeader()
        {
            var b = Builder(LoadKind.Normal);
            Assert.Null(b.AddCoreHeaderIfNeeded());
            Assert.Null(b.CoreHeader);
            Assert.Empty(b.Image.Segments);
            Assert.Equal("console=ttyS0", b.CommandLine);
        }

        [Fact]
        public void ACrashLoadReturnsTheHeaderItAddedAndTheMapLeavesItOut()
        {
            var b = Builder(LoadKind.Crash);
            var header = b.AddCoreHeaderIfNeeded();
            Assert.NotNull(header);
            Assert.Same(header, b.CoreHeader);
            Assert.Same(header, b.Image.Find("elfcorehdr"));
            Assert.EndsWith($" elfcorehdr={header!.MemorySize >> 10}K@{header.Destination >> 10}K", b.CommandLine);
            Assert.DoesNotContain(b.E820(), r => r.Type == MemoryType.Ram && r.Start < header.End && header.Destination < r.End);
        }

        [Fact]
        public void TheMapAndTheCommandLineCheckWaitForTheCoreHeaderStep()
        {
            var b = Builder(LoadKind.Crash);
            Assert.Throws<InvalidOperationException>(() => b.E820());
            Assert.Throws<InvalidOperationException>(() => b.CheckCommandLine(2048));
        }
    }
}
