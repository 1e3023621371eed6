using System.IO;
using System.Linq;
using Bench.Build;
using Xunit;
using TestSupport;

namespace EndToEnd.Tests.Packaging
{
    /// <summary>
    /// `dotnet publish -p:PublishAot=true` must not reach the net472/netstandard2.0 builds
    /// (NETSDK1207): every project under src/ that targets them keeps PublishAot its own.
    /// </summary>
    public class PublishSetupTests
    {
        [Fact]
        public void EveryMultiTargetedSourceProjectTreatsPublishAotAsItsOwn()
        {
            var projects = Directory.EnumerateFiles(Path.Combine(BenchPaths.RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories).ToList();
            Assert.NotEmpty(projects);
            foreach (string p in projects)
            {
                string text = File.ReadAllText(p);
                if (!text.Contains("net472") && !text.Contains("netstandard2.0")) continue;
                Assert.True(text.Contains("TreatAsLocalProperty=\"PublishAot\""),
                    $"{Path.GetRelativePath(BenchPaths.RepoRoot, p)}: add TreatAsLocalProperty=\"PublishAot\" to <Project> (see Directory.Build.props)");
            }
        }
    }
}
