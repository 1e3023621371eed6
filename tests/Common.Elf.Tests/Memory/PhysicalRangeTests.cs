using System;
using Common.Memory;
using Xunit;

namespace Common.Elf.Tests.Memory
{
    /// <summary>The half-open range and its one conversion from and to the kernel's inclusive text.</summary>
    public sealed class PhysicalRangeTests
    {
        [Fact]
        public void InclusiveTextBecomesHalfOpenAndPrintsBackTheSame()
        {
            Assert.True(PhysicalRange.TryParseInclusive("00001000-0009fbff", out PhysicalRange low));
            Assert.Equal(new PhysicalRange(0x1000, 0x9fc00), low);
            Assert.Equal(0x9ec00UL, low.Length);
            Assert.Equal(0x9fbffUL, low.Last);
            Assert.Equal("0x1000-0x9fbff", low.ToString());
            Assert.True(PhysicalRange.TryParseInclusive(" 0x100000 - 0x1FFDFFFF ", out PhysicalRange high));
            Assert.Equal(new PhysicalRange(0x100000, 0x1ffe0000), high);
            // A one-byte range, as an unprivileged /proc/iomem shows every line ("00000000-00000000").
            Assert.True(PhysicalRange.TryParseInclusive("00000000-00000000", out PhysicalRange zero));
            Assert.Equal(1UL, zero.Length);
            Assert.Equal(0UL, zero.Last);
        }

        [Theory]
        [InlineData("")]
        [InlineData("1000")]
        [InlineData("2000-1fff")]
        [InlineData("0x-10")]
        [InlineData("g-10")]
        [InlineData("1-2-3")]
        [InlineData("-1-2")]
        [InlineData("10000000000000000-10000000000000001")]
        public void TextThatIsNoRangeIsRefused(string text)
        {
            Assert.False(PhysicalRange.TryParseInclusive(text, out _));
        }

        [Fact]
        public void TheTopByteOfTheAddressSpaceIsLeftOut()
        {
            // An exclusive end cannot be 2^64: a range through 0xffffffffffffffff ends at ulong.MaxValue.
            Assert.Equal(ulong.MaxValue, PhysicalRange.ExclusiveEnd(ulong.MaxValue));
            Assert.Equal(ulong.MaxValue, PhysicalRange.ExclusiveEnd(ulong.MaxValue - 1));
            Assert.Equal(0x8000000UL, PhysicalRange.ExclusiveEnd(0x7ffffff));
            PhysicalRange top = PhysicalRange.FromInclusive(0xfffffffffffff000, ulong.MaxValue);
            Assert.Equal(ulong.MaxValue, top.End);
            Assert.Equal(0xfffUL, top.Length);
            Assert.True(PhysicalRange.TryParseInclusive("0-ffffffffffffffff", out PhysicalRange all));
            Assert.Equal(new PhysicalRange(0, ulong.MaxValue), all);
            // A set holds it like any other range, and a window to ulong.MaxValue keeps it whole.
            var s = new RangeSet(new[] { top });
            s.Clip(0, PhysicalRange.ExclusiveEnd(ulong.MaxValue));
            Assert.Equal(top, Assert.Single(s.Ranges));
            Assert.True(s.Contains(0xfffffffffffff000, ulong.MaxValue));
        }

        [Fact]
        public void AReversedOrEmptyRangeIsAProgrammingErrorOrHasNoLastByte()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new PhysicalRange(0x2000, 0x1000));
            Assert.Throws<ArgumentOutOfRangeException>(() => PhysicalRange.FromInclusive(0x2000, 0x1fff));
            var empty = new PhysicalRange(0x2000, 0x2000);
            Assert.True(empty.IsEmpty);
            Assert.Throws<InvalidOperationException>(() => empty.Last);
            Assert.Equal("0x2000 (empty)", empty.ToString());
        }

        [Fact]
        public void RangesAreEqualByTheirBytes()
        {
            Assert.Equal(new PhysicalRange(1, 2), PhysicalRange.FromInclusive(1, 1));
            Assert.True(new PhysicalRange(1, 2) == new PhysicalRange(1, 2));
            Assert.True(new PhysicalRange(1, 2) != new PhysicalRange(1, 3));
            Assert.Equal(new PhysicalRange(7, 9).GetHashCode(), new PhysicalRange(7, 9).GetHashCode());
        }
    }
}
