using System.IO;
using System.Linq;
using System.Text.Json;
using Common.Platform;
using Xunit;

namespace Kexec.Tests.Support
{
    /// <summary>Runs the kexec tool in-process against captured /proc and /sys files.</summary>
    internal sealed class Kx
    {
        public int Exit { get; private set; }
        public string Out { get; private set; } = "";
        public string Err { get; private set; } = "";
        public RecordingKernel Kernel { get; } = new RecordingKernel();

        public static Kx Run(string dataRoot, params string[] args) => Run(dataRoot, CpuArchitecture.X86_64, args);

        public static Kx Run(string dataRoot, CpuArchitecture arch, params string[] args)
        {
            var r = new Kx();
            return r.Again(dataRoot, arch, args);
        }

        public Kx Again(string dataRoot, CpuArchitecture arch, params string[] args)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            Exit = Program.Run(args, o, e, Kernel, opts =>
            {
                opts.SystemRoot = Repo.Data(dataRoot);
                opts.Architecture = arch;
            });
            Out = o.ToString();
            Err = e.ToString();
            return this;
        }

        public JsonElement Json()
        {
            Assert.True(Exit == 0, $"kexec failed: {Err}");
            return JsonDocument.Parse(Out).RootElement;
        }

        /// <summary>The bad-input contract: one "kexec: ..." line on stderr, non-zero exit, nothing loaded.</summary>
        public void AssertRefused(string expectedFragment)
        {
            Assert.NotEqual(0, Exit);
            string[] lines = Err.TrimEnd('\n').Split('\n');
            Assert.Single(lines);
            Assert.StartsWith("kexec: ", lines[0]);
            Assert.Contains(expectedFragment, lines[0]);
            Assert.Empty(Kernel.Calls);
        }

        public static JsonElement Segment(JsonElement plan, string role) =>
            plan.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("role").GetString() == role);
    }
}
