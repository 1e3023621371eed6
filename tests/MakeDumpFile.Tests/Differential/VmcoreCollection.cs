using Xunit;

namespace MakeDumpFile.Tests.Differential
{
    /// <summary>The vmcore tests run one after another: each reads or writes hundreds of MiB.</summary>
    [CollectionDefinition("vmcore", DisableParallelization = true)]
    public sealed class VmcoreCollection { }
}
