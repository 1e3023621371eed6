using System;
using System.Buffers.Binary;

namespace Common.Dwarf
{
    /// <summary>
    /// A position in one DWARF section's bytes with the section's primitive encodings
    /// (fixed-size little-endian words and LEB128, DWARF 5 section 7.6). Every read is
    /// bounds-checked: a length or offset that points outside the section is a
    /// <see cref="DwarfFormatException"/>.
    /// </summary>
    public ref struct DwarfCursor
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly string _section;

        public DwarfCursor(ReadOnlySpan<byte> data, long position, string section)
        {
            _data = data;
            _section = section;
            if (position < 0 || position > data.Length) throw Past(position, 0);
            Position = position;
        }

        public long Position { get; set; }
        public long Length => _data.Length;
        public bool AtEnd => Position >= _data.Length;

        private DwarfFormatException Past(long at, long count) =>
            new DwarfFormatException($"{_section}: {count} bytes at offset {at} lie past its end ({_data.Length} bytes)");

        private int Take(long count)
        {
            long at = Position;
            if (count < 0 || at > _data.Length - count) throw Past(at, count);
            Position = at + count;
            return (int)at;
        }

        public byte U8() => _data[Take(1)];
        public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(Take(2)));
        public uint U24()
        {
            int at = Take(3);
            return (uint)(_data[at] | _data[at + 1] << 8 | _data[at + 2] << 16);
        }
        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(Take(4)));
        public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(Take(8)));

        /// <summary>A word of <paramref name="size"/> bytes (1, 2, 4 or 8): addresses and section offsets.</summary>
        public ulong Word(int size) => size switch
        {
            1 => U8(),
            2 => U16(),
            4 => U32(),
            8 => U64(),
            _ => throw new DwarfFormatException($"{_section}: a {size}-byte word at offset {Position}"),
        };

        public ulong Uleb()
        {
            ulong value = 0;
            int shift = 0;
            while (true)
            {
                byte b = U8();
                if (shift < 64) value |= (ulong)(b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) return value;
            }
        }

        public long Sleb()
        {
            long value = 0;
            int shift = 0;
            byte b;
            do
            {
                b = U8();
                if (shift < 64) value |= (long)(b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (shift < 64 && (b & 0x40) != 0) value |= -1L << shift;
            return value;
        }

        public void Skip(long count) => Take(count);

        /// <summary>Skips a NUL-terminated string and returns where it starts.</summary>
        public long SkipCString()
        {
            long start = Position;
            int end = _data.Slice((int)start).IndexOf((byte)0);
            if (end < 0) throw new DwarfFormatException($"{_section}: the string at offset {start} has no end");
            Position = start + end + 1;
            return start;
        }

        public string CString()
        {
            long start = SkipCString();
            return Text(_data.Slice((int)start, (int)(Position - start - 1)));
        }

        /// <summary>UTF-8 text of a span (netstandard2.0 has no span overload of GetString).</summary>
        public static unsafe string Text(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0) return "";
            fixed (byte* p = bytes) return System.Text.Encoding.UTF8.GetString(p, bytes.Length);
        }

        /// <summary>DWARF's initial length: a 32-bit length, or 0xffffffff and a 64-bit one (section 7.4).</summary>
        public (ulong length, int offsetSize) InitialLength()
        {
            uint l = U32();
            if (l == 0xffffffff) return (U64(), 8);
            if (l >= 0xfffffff0) throw new DwarfFormatException($"{_section}: reserved unit length 0x{l:x} at offset {Position - 4}");
            return (l, 4);
        }
    }
}
