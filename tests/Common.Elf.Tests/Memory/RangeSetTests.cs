using System;
using System.Collections.Generic;
using System.Linq;
using Common.Memory;
using Xunit;

namespace Common.Elf.Tests.Memory
{
    /// <summary>The shared range set: its edge cases by name, then every operation against a plain bool array.</summary>
    public sealed class RangeSetTests
    {
        private static RangeSet Set(params (ulong Start, ulong End)[] ranges) =>
            new RangeSet(ranges.Select(r => new PhysicalRange(r.Start, r.End)));

        private static (ulong, ulong)[] Pairs(RangeSet s) => s.Ranges.Select(r => (r.Start, r.End)).ToArray();

        [Fact]
        public void TouchingRangesMergeWhenAddedAndWhenConstructed()
        {
            var s = new RangeSet();
            s.Add(0x1000, 0x5000);
            s.Add(0x5000, 0x8000);
            Assert.Equal(new[] { (0x1000UL, 0x8000UL) }, Pairs(s));
            // Out of order, touching and overlapping, with an empty range that adds nothing.
            var c = Set((0x5000, 0x8000), (0x9000, 0x9000), (0x1000, 0x5000), (0x7000, 0x7800));
            Assert.Equal(new[] { (0x1000UL, 0x8000UL) }, Pairs(c));
        }

        [Fact]
        public void AnAddThatBridgesSeveralRangesMeltsThemIntoOne()
        {
            var s = Set((0x1000, 0x2000), (0x3000, 0x4000), (0x5000, 0x6000), (0x8000, 0x9000));
            s.Add(0x1800, 0x5800);
            Assert.Equal(new[] { (0x1000UL, 0x6000UL), (0x8000UL, 0x9000UL) }, Pairs(s));
            s.Add(0x7000, 0x7800); // in a gap, kept apart
            s.Add(0x0, 0x10);      // before everything
            Assert.Equal(new[] { (0UL, 0x10UL), (0x1000UL, 0x6000UL), (0x7000UL, 0x7800UL), (0x8000UL, 0x9000UL) }, Pairs(s));
            s.Add(0x5000, 0x5000); // empty: nothing
            s.Add(0x6000, 0x5000); // reversed: nothing
            Assert.Equal(4, s.Ranges.Count);
        }

        [Fact]
        public void RemoveSplitsAndTrimsAndLeavesTouchingRangesAlone()
        {
            var s = Set((0x1000, 0x8000));
            s.Remove(0x2000, 0x3000);
            Assert.Equal(new[] { (0x1000UL, 0x2000UL), (0x3000UL, 0x8000UL) }, Pairs(s));
            s.Remove(0x8000, 0x9000); // touches the end only
            s.Remove(0x0, 0x1000);    // touches the start only
            Assert.Equal(new[] { (0x1000UL, 0x2000UL), (0x3000UL, 0x8000UL) }, Pairs(s));
            s.Remove(0x1800, 0x4000); // the end of one, the start of the next
            Assert.Equal(new[] { (0x1000UL, 0x1800UL), (0x4000UL, 0x8000UL) }, Pairs(s));
            s.Remove(0x0, ulong.MaxValue);
            Assert.True(s.IsEmpty);
            Assert.Equal(0UL, s.End);
        }

        [Fact]
        public void ClipKeepsOnlyTheWindow()
        {
            // The arithmetic kexec's old set was tested with.
            var s = Set((0x1000, 0x8000));
            s.Remove(0x2000, 0x3000);
            s.Clip(0x2800, 0x7000);
            Assert.Equal(new[] { (0x3000UL, 0x7000UL) }, Pairs(s));
            var all = Set((0, 0x1000), (0xfffffffffffff000, ulong.MaxValue));
            all.Clip(0, ulong.MaxValue);
            Assert.Equal(2, all.Ranges.Count);
            all.Clip(0x800, 0x800);
            Assert.True(all.IsEmpty);
        }

        [Fact]
        public void ContainmentAndIntersectionAtTheBoundaries()
        {
            RangeSet s = Set((0x1000, 0x9fc00), (0x100000, 0x300000));
            Assert.True(s.Contains(0x1000, 0x9fc00));
            Assert.True(s.Contains(0x100000, 0x300000));
            Assert.False(s.Contains(0x9f000, 0xa0000));  // runs off the end
            Assert.False(s.Contains(0xfff, 0x2000));     // starts a byte early
            Assert.False(s.Contains(0x9fc00, 0x100000)); // the gap
            Assert.False(s.Contains(0x9fbff, 0x100001)); // across the gap
            Assert.True(s.Intersects(0x9f000, 0xa0000));
            Assert.True(s.Intersects(0x9fbff, 0x9fc00));  // the last byte
            Assert.False(s.Intersects(0x9fc00, 0x100000)); // exactly the gap
            Assert.False(s.Intersects(0, 0x1000));
            Assert.True(s.Intersects(0, 0x1001));
            Assert.False(s.Intersects(0x300000, ulong.MaxValue));
            // An empty range holds no byte: neither contained nor intersecting, inside a range or not.
            Assert.False(s.Contains(0x2000, 0x2000));
            Assert.False(s.Intersects(0x2000, 0x2000));
            Assert.False(new RangeSet().Contains(0, 1));
            Assert.False(new RangeSet().Intersects(0, ulong.MaxValue));
        }

        [Fact]
        public void SetsIntersectWhenTheyShareAByte()
        {
            RangeSet a = Set((0x1000, 0x2000), (0x5000, 0x6000));
            Assert.False(a.Intersects(Set((0x2000, 0x5000), (0x6000, 0x7000))));
            Assert.True(a.Intersects(Set((0x2000, 0x5001))));
            Assert.False(a.Intersects(new RangeSet()));
        }

        [Fact]
        public void TotalBytesEndAndCloneIndependence()
        {
            RangeSet s = Set((0x1000, 0x2000), (0x3000, 0x3800));
            Assert.Equal(0x1800UL, s.TotalBytes);
            Assert.Equal(0x3800UL, s.End);
            RangeSet copy = s.Clone();
            copy.Remove(0, ulong.MaxValue);
            Assert.Equal(2, s.Ranges.Count);
            Assert.True(copy.IsEmpty);
            Assert.Equal(0UL, copy.TotalBytes);
        }

        [Fact]
        public void ParseReadsInclusiveListsAndPrintsThemBack()
        {
            RangeSet s = RangeSet.Parse("0x100000-0x1fffff,200000-2fffff, 1000-9fbff");
            Assert.Equal(new[] { (0x1000UL, 0x9fc00UL), (0x100000UL, 0x300000UL) }, Pairs(s));
            Assert.Equal("0x1000-0x9fbff,0x100000-0x2fffff", s.ToString());
            Assert.Equal(Pairs(s), Pairs(RangeSet.Parse(s.ToString())));
            Assert.Equal(new[] { (0x5UL, 0x6UL) }, Pairs(RangeSet.Parse("5-5"))); // one byte
        }

        [Theory]
        [InlineData("5-4", "'5-4' is not a range START-END (hexadecimal, END inclusive)")]
        [InlineData("zz-10", "'zz-10' is not a range START-END (hexadecimal, END inclusive)")]
        [InlineData("1-2-3", "'1-2-3' is not a range START-END (hexadecimal, END inclusive)")]
        [InlineData("0x-10", "'0x-10' is not a range START-END (hexadecimal, END inclusive)")]
        [InlineData("100", "'100' is not a range START-END (hexadecimal, END inclusive)")]
        [InlineData("1000-ffffffffffffffff", "'1000-ffffffffffffffff' is not a range START-END (hexadecimal, END inclusive)")]
        [InlineData(",,", "no ranges given")]
        public void ParseRefusesWhatIsNotARangeList(string text, string message)
        {
            var e = Assert.Throws<FormatException>(() => RangeSet.Parse(text));
            Assert.Equal(message, e.Message);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void EveryOperationAgreesWithAPlainArray(int seed)
        {
            const int Universe = 96;
            var random = new Random(seed);
            var set = new RangeSet();
            var plain = new bool[Universe];
            for (int op = 0; op < 600; op++)
            {
                ulong a = (ulong)random.Next(Universe), b = (ulong)random.Next(Universe + 1);
                switch (random.Next(4))
                {
                    case 0:
                    case 1:
                        set.Add(a, b);
                        for (ulong p = a; p < b; p++) plain[p] = true;
                        break;
                    case 2:
                        set.Remove(a, b);
                        for (ulong p = a; p < b; p++) plain[p] = false;
                        break;
                    default:
                        if (random.Next(8) != 0) break; // clips empty the set fast: seldom
                        set.Clip(a, b);
                        for (ulong p = 0; p < Universe; p++) if (p < a || p >= b) plain[p] = false;
                        break;
                }
                AssertSameAs(plain, set);
                ulong qa = (ulong)random.Next(Universe), qb = (ulong)random.Next(Universe + 1);
                bool all = qa < qb, any = false;
                for (ulong p = qa; p < qb; p++)
                {
                    all &= plain[p];
                    any |= plain[p];
                }
                Assert.Equal(all, set.Contains(qa, qb));
                Assert.Equal(any, set.Intersects(qa, qb));
            }
        }

        // Same bytes, and the form the set promises: sorted, not empty, neither overlapping nor touching.
        private static void AssertSameAs(bool[] plain, RangeSet set)
        {
            var expected = new List<(ulong, ulong)>();
            for (int p = 0; p < plain.Length; p++)
            {
                if (!plain[p]) continue;
                int q = p;
                while (q < plain.Length && plain[q]) q++;
                expected.Add(((ulong)p, (ulong)q));
                p = q;
            }
            Assert.Equal(expected, Pairs(set));
            Assert.Equal((ulong)plain.Count(x => x), set.TotalBytes);
        }
    }
}
