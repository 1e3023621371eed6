using System.Reflection;

namespace Common
{
    /// <summary>The one version line every tool prints for --version.</summary>
    public static class ToolVersion
    {
        public const string Suite = "kexec-jump-tools";

        public static string Line(string tool)
        {
            string version = typeof(ToolVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            return $"{tool} ({Suite}) {version}";
        }
    }
}
