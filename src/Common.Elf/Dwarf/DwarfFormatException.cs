using System;

namespace Common.Dwarf
{
    /// <summary>Debugging information that is malformed, truncated, or of a form this reader does not know.</summary>
    public sealed class DwarfFormatException : Exception
    {
        public DwarfFormatException(string message) : base(message) { }
    }
}
