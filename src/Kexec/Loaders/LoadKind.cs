using Kexec.Model;

namespace Kexec.Loaders
{
    /// <summary>The three kinds of kernel load: replace, capture after a panic, or jump and come back.</summary>
    internal enum LoadKind
    {
        Normal,
        Crash,
        JumpBack,
    }

    internal static class LoadKinds
    {
        /// <summary>The kexec_load flags of each kind: derived here and nowhere else.</summary>
        public static KexecFlags Flags(this LoadKind kind) => kind switch
        {
            LoadKind.Crash => KexecFlags.OnCrash,
            LoadKind.JumpBack => KexecFlags.PreserveContext,
            _ => KexecFlags.None,
        };
    }
}
