using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using Common.Vmcore;
using MakeDumpFile.Kernel;

namespace MakeDumpFile.Dmesg
{
    /// <summary>
    /// Reads the lockless printk ring buffer of 5.10+ kernels (kernel/printk/printk_ringbuffer.h):
    /// a descriptor ring (state and text position of each record, plus printk_info with the
    /// timestamp and length) and a text data ring whose blocks start with the record's id.
    /// All offsets come from VMCOREINFO.
    /// </summary>
    internal static class PrintkRingBuffer
    {

        /// <summary>
        /// --partial-dmesg: the sequence number the log was last cleared at ("dmesg --clear"):
        /// clear_seq is a struct latched_seq whose val[0] makedumpfile reads (printk.c exports
        /// SYMBOL(clear_seq) and OFFSET(latched_seq.val) in VMCOREINFO).
        /// </summary>
        public static ulong ClearSequence(KernelImage k)
        {
            ulong at = k.Info.Symbol("clear_seq") ?? throw new KernelDataException("VMCOREINFO lacks SYMBOL(clear_seq): --partial-dmesg cannot tell where the log was cleared");
            long val = k.Info.Decimal("OFFSET(latched_seq.val)") ?? throw new KernelDataException("VMCOREINFO lacks OFFSET(latched_seq.val)");
            var seq = new byte[8];
            if (!k.Translator.TryReadVirtual(at + (ulong)val, seq)) throw new KernelDataException("cannot read clear_seq");
            return BinaryPrimitives.ReadUInt64LittleEndian(seq);
        }

        /// <summary>The committed records, oldest first; those numbered below fromSequence are left out.</summary>
        public static IEnumerable<(ulong TimestampNs, byte[] Text)> Records(KernelImage k, ulong fromSequence = 0)
        {
            var ring = new Ring(k);
            ring.ReadHeader();
            ring.ReadTables(k, fromSequence != 0);
            return ring.Walk(fromSequence);
        }

        /// <summary>
        /// One reading of the ring: its header (struct printk_ringbuffer), then its three tables
        /// (descriptors, printk_info, text), then the records between tail and head.
        /// </summary>
        private sealed class Ring
        {
            private readonly VmcoreInfo _info;
            private readonly AddressTranslator _vt;
            // Ids, states, positions and pointers are unsigned longs: 4 bytes on i386. The two
            // state bits are the top bits of the state word (DESC_SV_BITS, printk_ringbuffer.h).
            private readonly int _word;
            private readonly int _stateShift;
            private readonly ulong _idMask;
            private int _counter;
            private uint _countBits, _sizeBits;
            private ulong _count, _dataSize, _descsAddr, _infosAddr, _headId, _tailId, _dataAddr;
            private int _descSize, _infoSize;
            private int _stateOff, _beginOff, _nextOff, _tsOff, _lenOff, _seqOff;
            private byte[] _descs = Array.Empty<byte>(), _infos = Array.Empty<byte>(), _text = Array.Empty<byte>();

            public Ring(KernelImage k)
            {
                _info = k.Info;
                _vt = k.Translator;
                _word = _vt.PointerSize;
                _stateShift = _word * 8 - 2;
                ulong wordMask = _word == 8 ? ulong.MaxValue : uint.MaxValue;
                _idMask = ~(3UL << _stateShift) & wordMask;
            }

            /// <summary>struct printk_ringbuffer: the ring sizes, the tables' addresses, head and tail.</summary>
            public void ReadHeader()
            {
                ulong prbSymbol = _info.Symbol("prb") ?? throw new KernelDataException("VMCOREINFO lacks SYMBOL(prb): the kernel has no lockless printk ring buffer (before 5.10?)");
                if (!_vt.TryReadVirtualWord(prbSymbol, out ulong prb)) throw new KernelDataException("cannot read the prb pointer");
                // Every size and offset below comes from VMCOREINFO, so each is checked to lie
                // inside the structure it is read from before it is used (a bad note is refused).
                int rbSize = Size(_info, "SIZE(printk_ringbuffer)", 4096);
                var rb = new byte[rbSize];
                if (!_vt.TryReadVirtual(prb, rb)) throw new KernelDataException("cannot read the printk ring buffer");
                int descRing = Field(_info, "OFFSET(printk_ringbuffer.desc_ring)", rbSize, 0);
                int textRing = Field(_info, "OFFSET(printk_ringbuffer.text_data_ring)", rbSize, 0);
                _counter = Field(_info, "OFFSET(atomic_long_t.counter)", _word, 0, optional: true);
                int InRing(int ring, string key, int width) => ring + Field(_info, key, rbSize - ring, width);
                _countBits = BinaryPrimitives.ReadUInt32LittleEndian(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.count_bits)", 4)));
                _sizeBits = BinaryPrimitives.ReadUInt32LittleEndian(rb.AsSpan(InRing(textRing, "OFFSET(prb_data_ring.size_bits)", 4)));
                if (_countBits > 24 || _sizeBits > 30) throw new KernelDataException($"printk ring sizes (2^{_countBits} records, 2^{_sizeBits} bytes) are not plausible");
                _count = 1UL << (int)_countBits;
                _dataSize = 1UL << (int)_sizeBits;
                _descsAddr = _vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.descs)", _word)));
                _infosAddr = _vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.infos)", _word)));
                _headId = _vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.head_id)", _word + _counter) + _counter));
                _tailId = _vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.tail_id)", _word + _counter) + _counter));
                _dataAddr = _vt.Word(rb.AsSpan(InRing(textRing, "OFFSET(prb_data_ring.data)", _word)));
            }

            /// <summary>The descriptor, printk_info and text tables, read whole, and where each record's fields lie in them.</summary>
            public void ReadTables(KernelImage k, bool needSequence)
            {
                // struct prb_desc and struct printk_info are well under 256 bytes in every kernel.
                _descSize = Size(_info, "SIZE(prb_desc)", 256);
                _infoSize = Size(_info, "SIZE(printk_info)", 256);
                // The three tables are read whole, so they must fit in the image's memory (which
                // bounds what is allocated by the input's real size) and in one array each.
                ulong tables = (ulong)_descSize * _count + (ulong)_infoSize * _count + _dataSize;
                ulong imageBytes = 0;
                foreach (var segment in k.Memory.Source.Segments)
                    imageBytes = ulong.MaxValue - imageBytes < segment.MemorySize ? ulong.MaxValue : imageBytes + segment.MemorySize;
                if (tables > imageBytes || (ulong)_descSize * _count > 1UL << 30 || (ulong)_infoSize * _count > 1UL << 30)
                    throw new KernelDataException($"printk ring tables of 2^{_countBits} records and 2^{_sizeBits} text bytes do not fit in the image");
                _descs = new byte[(long)_descSize * (long)_count];
                _infos = new byte[(long)_infoSize * (long)_count];
                _text = new byte[_dataSize];
                if (!_vt.TryReadVirtual(_descsAddr, _descs) || !_vt.TryReadVirtual(_infosAddr, _infos) || !_vt.TryReadVirtual(_dataAddr, _text))
                    throw new KernelDataException("cannot read the printk ring buffer's descriptors or text");
                _stateOff = Field(_info, "OFFSET(prb_desc.state_var)", _descSize, _word + _counter) + _counter;
                int lposOff = Field(_info, "OFFSET(prb_desc.text_blk_lpos)", _descSize, 0);
                _beginOff = lposOff + Field(_info, "OFFSET(prb_data_blk_lpos.begin)", _descSize - lposOff, _word);
                _nextOff = lposOff + Field(_info, "OFFSET(prb_data_blk_lpos.next)", _descSize - lposOff, _word);
                _tsOff = Field(_info, "OFFSET(printk_info.ts_nsec)", _infoSize, 8);
                _lenOff = Field(_info, "OFFSET(printk_info.text_len)", _infoSize, 2);
                _seqOff = needSequence ? Field(_info, "OFFSET(printk_info.seq)", _infoSize, 8) : 0;
            }

            /// <summary>The records from tail to head, at most one lap of the descriptor ring.</summary>
            public List<(ulong, byte[])> Walk(ulong fromSequence)
            {
                var records = new List<(ulong, byte[])>();
                ulong id = _tailId;
                for (ulong guard = 0; guard <= _count; guard++)
                {
                    var rec = Record(id, fromSequence);
                    if (rec.HasValue) records.Add(rec.Value);
                    if (id == _headId) break;
                    id = (id + 1) & _idMask;
                }
                return records;
            }

            /// <summary>Record RID when its descriptor holds it, committed or finalized, with text (null otherwise).</summary>
            private (ulong, byte[])? Record(ulong rid, ulong fromSequence)
            {
                int d = (int)(rid % _count) * _descSize; // below 2^30: checked in ReadTables
                ulong state = _vt.Word(_descs.AsSpan(d + _stateOff));
                if ((state & _idMask) != rid) return null;
                ulong st = (state >> _stateShift) & 3;
                if (st != 1 && st != 2) return null; // committed or finalized only
                ulong begin = _vt.Word(_descs.AsSpan(d + _beginOff)) % _dataSize;
                ulong next = _vt.Word(_descs.AsSpan(d + _nextOff)) % _dataSize;
                if (begin == next) return null;
                int inf = (int)(rid % _count) * _infoSize;
                int len = BinaryPrimitives.ReadUInt16LittleEndian(_infos.AsSpan(inf + _lenOff));
                ulong ts = BinaryPrimitives.ReadUInt64LittleEndian(_infos.AsSpan(inf + _tsOff));
                if (fromSequence != 0 && BinaryPrimitives.ReadUInt64LittleEndian(_infos.AsSpan(inf + _seqOff)) < fromSequence) return null;
                if (begin > next) begin = 0; // the block wrapped to the start of the ring
                begin += (ulong)_word;         // the block starts with the record's id
                if (begin > next) return null;
                if (next - begin < (ulong)len) len = (int)(next - begin);
                var t = new byte[len];
                Array.Copy(_text, (long)begin, t, 0, len);
                return (ts, t);
            }
        }

        /// <summary>A structure size from VMCOREINFO, 1 to max bytes.</summary>
        private static int Size(VmcoreInfo info, string key, int max) => (int)VmcoreInfoRange.Require(info, key, 1, max);

        /// <summary>
        /// A member offset from VMCOREINFO whose <paramref name="width"/> bytes must lie inside
        /// a structure of <paramref name="within"/> bytes; an absent optional one is 0.
        /// </summary>
        private static int Field(VmcoreInfo info, string key, int within, int width, bool optional = false) =>
            optional ? VmcoreInfoRange.Optional(info, key, 0, within - width) ?? 0 : (int)VmcoreInfoRange.Require(info, key, 0, within - width);

        /// <summary>One record as makedumpfile --dump-dmesg prints it: "[seconds.micros] text", continuation lines indented.</summary>
        public static string Format(ulong tsNs, byte[] text)
        {
            var sb = new StringBuilder();
            string prefix = $"[{tsNs / 1000000000,5}.{tsNs % 1000000000 / 1000:D6}] ";
            sb.Append(prefix);
            foreach (byte c in text)
            {
                if (c == (byte)'\n') sb.Append('\n').Append(' ', prefix.Length);
                else if ((c >= 0x20 && c < 0x7f) || (c >= 9 && c <= 13)) sb.Append((char)c);
                else sb.Append($"\\x{c:x2}");
            }
            sb.Append('\n');
            return sb.ToString();
        }
    }
}
