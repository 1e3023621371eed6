namespace Kexec.Loaders
{
    /// <summary>The three kinds of kernel load: replace, capture after a panic, or jump and come back.</summary>
    internal enum LoadKind
    {
        Normal,
        Crash,
        JumpBack,
    }
}
