using System;
using Common.Numbers;

namespace Common.Memory
{
    /// <summary>
    /// Bytes [Start, End) of physical memory: End is exclusive, so Length = End - Start and two
    /// ranges touch when one's End is the other's Start. This is the one convention inside the
    /// tools; the kernel's text (/proc/iomem, /sys/firmware/memmap, kexec-tools' --mem-max,
    /// krestore's --target-ranges) names the last byte instead, and is converted where it is read
    /// (FromInclusive, TryParseInclusive) or printed (Last, ToString).
    /// </summary>
    /// <remarks>
    /// The top of the address space: an exclusive ulong End cannot be 2^64, so no range holds the
    /// byte at 0xffffffffffffffff. An inclusive end of 0xffffffffffffffff is read as End =
    /// ulong.MaxValue, leaving that one byte out (ExclusiveEnd), as kexec has always done with
    /// --mem-max=0xffffffffffffffff (its default): x86 physical addresses have at most 52 bits,
    /// so no RAM or firmware range can lie there.
    /// </remarks>
    public readonly struct PhysicalRange : IEquatable<PhysicalRange>
    {
        public PhysicalRange(ulong start, ulong end)
        {
            if (end < start)
                throw new ArgumentOutOfRangeException(nameof(end), $"range end 0x{end:x} is below its start 0x{start:x}");
            Start = start;
            End = end;
        }

        public ulong Start { get; }

        /// <summary>The first byte after the range.</summary>
        public ulong End { get; }

        public ulong Length => End - Start;

        public bool IsEmpty => End == Start;

        /// <summary>The last byte, for inclusive text; an empty range has none.</summary>
        public ulong Last => IsEmpty ? throw new InvalidOperationException($"the empty range at 0x{Start:x} has no last byte") : End - 1;

        /// <summary>The exclusive end after an inclusive last byte; 2^64-1 gives ulong.MaxValue (see remarks).</summary>
        public static ulong ExclusiveEnd(ulong last) => last == ulong.MaxValue ? ulong.MaxValue : last + 1;

        /// <summary>The range [first, last] with last inclusive, as the kernel prints ranges.</summary>
        public static PhysicalRange FromInclusive(ulong first, ulong last)
        {
            if (last < first)
                throw new ArgumentOutOfRangeException(nameof(last), $"range end 0x{last:x} is below its start 0x{first:x}");
            return new PhysicalRange(first, ExclusiveEnd(last));
        }

        /// <summary>
        /// "START-END": two hexadecimal numbers, with or without 0x, END inclusive (kernel/resource.c
        /// r_show writes /proc/iomem lines so). False when either is not hex or END is below START.
        /// </summary>
        public static bool TryParseInclusive(string text, out PhysicalRange range)
        {
            range = default;
            if (!TryParseBounds(text, out ulong first, out ulong last)) return false;
            range = FromInclusive(first, last);
            return true;
        }

        /// <summary>The two numbers of "START-END" as written (END inclusive, not yet converted).</summary>
        internal static bool TryParseBounds(string text, out ulong first, out ulong last)
        {
            first = last = 0;
            string[] ends = text.Trim().Split('-');
            return ends.Length == 2 && NumberParser.TryParseHex(ends[0], out first) && NumberParser.TryParseHex(ends[1], out last) && last >= first;
        }

        public bool Equals(PhysicalRange other) => Start == other.Start && End == other.End;

        public override bool Equals(object? obj) => obj is PhysicalRange r && Equals(r);

        public override int GetHashCode() => unchecked((Start.GetHashCode() * 397) ^ End.GetHashCode());

        public static bool operator ==(PhysicalRange a, PhysicalRange b) => a.Equals(b);

        public static bool operator !=(PhysicalRange a, PhysicalRange b) => !a.Equals(b);

        /// <summary>"0xSTART-0xLAST", inclusive like the text it was read from.</summary>
        public override string ToString() => IsEmpty ? $"0x{Start:x} (empty)" : $"0x{Start:x}-0x{Last:x}";
    }
}
