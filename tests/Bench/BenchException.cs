using System;

namespace Bench
{
    /// <summary>The bench could not get a guest to the point a test needs; the message carries the console tail.</summary>
    public sealed class BenchException : Exception
    {
        public BenchException(string message) : base(message) { }
    }
}
