using System.Text.Json;
using Xunit;

namespace KRestore.Tests.Support
{
    /// <summary>krestore --json output, read back.</summary>
    internal sealed class SummaryJson
    {
        private readonly JsonElement _root;

        public SummaryJson(string stdout)
        {
            string line = stdout.Trim();
            Assert.StartsWith("{", line);
            _root = JsonDocument.Parse(line).RootElement;
        }

        public ulong U(string name) => _root.GetProperty(name).GetUInt64();
        public string? S(string name) => _root.GetProperty(name).ValueKind == JsonValueKind.Null ? null : _root.GetProperty(name).GetString();
        public bool? B(string name) => _root.GetProperty(name).ValueKind == JsonValueKind.Null ? null : _root.GetProperty(name).GetBoolean();
        public int? I(string name) => _root.GetProperty(name).ValueKind == JsonValueKind.Null ? null : _root.GetProperty(name).GetInt32();
    }
}
