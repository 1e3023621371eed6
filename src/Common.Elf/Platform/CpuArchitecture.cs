namespace Common.Platform
{
    /// <summary>The machine the tools run on, which decides syscall numbers and loaders.</summary>
    public enum CpuArchitecture
    {
        X86_64,
        I386,
    }
}
