using System;

namespace Bench.Qemu
{
    /// <summary>
    /// A marker string a guest assembles at run time from two halves (the second reversed),
    /// so the whole string exists only in memory the guest wrote, never in any script or
    /// initramfs that is searched for it. It uses only the letters G-Z and '-'.
    /// </summary>
    public sealed class SplitMarker
    {
        private static readonly Random Rng = new();
        private readonly string _head;
        private readonly string _tail = Letters(12);

        /// <param name="prefix">Starts the marker (letters and '-'), to tell markers apart.</param>
        public SplitMarker(string prefix = "KJ-") => _head = prefix + Letters(12);

        public string Whole => _head + "-" + Reverse(_tail);

        /// <summary>A shell expression that prints the whole marker (busybox has rev).</summary>
        public string ShellExpression => $"\"{_head}-$(echo {_tail} | rev)\"";


        private static string Letters(int n)
        {
            var c = new char[n];
            lock (Rng) for (int i = 0; i < n; i++) c[i] = (char)('G' + Rng.Next(20));
            return new string(c);
        }

        private static string Reverse(string s)
        {
            char[] c = s.ToCharArray();
            Array.Reverse(c);
            return new string(c);
        }
    }
}
