using System;

namespace EndToEnd.Tests.Kexec
{
    /// <summary>
    /// A marker string a guest assembles at run time from two halves (the second reversed),
    /// so the whole string exists only in memory the guest wrote, never in any script or
    /// initramfs that is searched for it.
    /// </summary>
    internal sealed class SplitMarker
    {
        private readonly string _head = "KJ-" + Guid.NewGuid().ToString("N").Substring(0, 10);
        private readonly string _tail = Guid.NewGuid().ToString("N").Substring(0, 10);

        public string Whole => _head + "-" + Reverse(_tail);

        /// <summary>A shell expression that prints the whole marker (busybox has rev).</summary>
        public string ShellExpression => $"\"{_head}-$(echo {_tail} | rev)\"";

        private static string Reverse(string s)
        {
            char[] c = s.ToCharArray();
            Array.Reverse(c);
            return new string(c);
        }
    }
}
