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
            VmcoreInfo info = k.Info;
            ulong prbSymbol = info.Symbol("prb") ?? throw new KernelDataException("VMCOREINFO lacks SYMBOL(prb): the kernel has no lockless printk ring buffer (before 5.10?)");
            AddressTranslator vt = k.Translator;
            // Ids, states, positions and pointers are unsigned longs: 4 bytes on i386. The two
            // state bits are the top bits of the state word (DESC_SV_BITS, printk_ringbuffer.h).
            int word = vt.PointerSize;
            int stateShift = word * 8 - 2;
            ulong wordMask = word == 8 ? ulong.MaxValue : uint.MaxValue;
            ulong idMask = ~(3UL << stateShift) & wordMask;
            if (!vt.TryReadVirtualWord(prbSymbol, out ulong prb)) throw new KernelDataException("cannot read the prb pointer");
            // Every size and offset below comes from VMCOREINFO, so each is checked to lie
            // inside the structure it is read from before it is used (a bad note is refused).
            int rbSize = Size(info, "SIZE(printk_ringbuffer)", 4096);
            var rb = new byte[rbSize];
            if (!vt.TryReadVirtual(prb, rb)) throw new KernelDataException("cannot read the printk ring buffer");
            int descRing = Field(info, "OFFSET(printk_ringbuffer.desc_ring)", rbSize, 0);
            int textRing = Field(info, "OFFSET(printk_ringbuffer.text_data_ring)", rbSize, 0);
            int counter = Field(info, "OFFSET(atomic_long_t.counter)", word, 0, optional: true);
            int InRing(int ring, string key, int width) => ring + Field(info, key, rbSize - ring, width);
            uint countBits = BinaryPrimitives.ReadUInt32LittleEndian(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.count_bits)", 4)));
            uint sizeBits = BinaryPrimitives.ReadUInt32LittleEndian(rb.AsSpan(InRing(textRing, "OFFSET(prb_data_ring.size_bits)", 4)));
            if (countBits > 24 || sizeBits > 30) throw new KernelDataException($"printk ring sizes (2^{countBits} records, 2^{sizeBits} bytes) are not plausible");
            ulong count = 1UL << (int)countBits;
            ulong dataSize = 1UL << (int)sizeBits;
            ulong descsAddr = vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.descs)", word)));
            ulong infosAddr = vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.infos)", word)));
            ulong headId = vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.head_id)", word + counter) + counter));
            ulong tailId = vt.Word(rb.AsSpan(InRing(descRing, "OFFSET(prb_desc_ring.tail_id)", word + counter) + counter));
            ulong dataAddr = vt.Word(rb.AsSpan(InRing(textRing, "OFFSET(prb_data_ring.data)", word)));

            // struct prb_desc and struct printk_info are well under 256 bytes in every kernel.
            int descSize = Size(info, "SIZE(prb_desc)", 256);
            int infoSize = Size(info, "SIZE(printk_info)", 256);
            // The three tables are read whole, so they must fit in the image's memory (which
            // bounds what is allocated by the input's real size) and in one array each.
            ulong tables = (ulong)descSize * count + (ulong)infoSize * count + dataSize;
            ulong imageBytes = 0;
            foreach (var segment in k.Memory.Source.Segments)
                imageBytes = ulong.MaxValue - imageBytes < segment.MemorySize ? ulong.MaxValue : imageBytes + segment.MemorySize;
            if (tables > imageBytes || (ulong)descSize * count > 1UL << 30 || (ulong)infoSize * count > 1UL << 30)
                throw new KernelDataException($"printk ring tables of 2^{countBits} records and 2^{sizeBits} text bytes do not fit in the image");
            var descs = new byte[(long)descSize * (long)count];
            var infos = new byte[(long)infoSize * (long)count];
            var text = new byte[dataSize];
            if (!vt.TryReadVirtual(descsAddr, descs) || !vt.TryReadVirtual(infosAddr, infos) || !vt.TryReadVirtual(dataAddr, text))
                throw new KernelDataException("cannot read the printk ring buffer's descriptors or text");
            int stateOff = Field(info, "OFFSET(prb_desc.state_var)", descSize, word + counter) + counter;
            int lposOff = Field(info, "OFFSET(prb_desc.text_blk_lpos)", descSize, 0);
            int beginOff = lposOff + Field(info, "OFFSET(prb_data_blk_lpos.begin)", descSize - lposOff, word);
            int nextOff = lposOff + Field(info, "OFFSET(prb_data_blk_lpos.next)", descSize - lposOff, word);
            int tsOff = Field(info, "OFFSET(printk_info.ts_nsec)", infoSize, 8);
            int lenOff = Field(info, "OFFSET(printk_info.text_len)", infoSize, 2);
            int seqOff = fromSequence == 0 ? 0 : Field(info, "OFFSET(printk_info.seq)", infoSize, 8);

            var records = new List<(ulong, byte[])>();
            ulong id = tailId;
            for (ulong guard = 0; guard <= count; guard++)
            {
                var rec = Record(id);
                if (rec.HasValue) records.Add(rec.Value);
                if (id == headId) break;
                id = (id + 1) & idMask;
            }
            return records;

            (ulong, byte[])? Record(ulong rid)
            {
                int d = (int)(rid % count) * descSize; // below 2^30: checked above
                ulong state = vt.Word(descs.AsSpan(d + stateOff));
                if ((state & idMask) != rid) return null;
                ulong st = (state >> stateShift) & 3;
                if (st != 1 && st != 2) return null; // committed or finalized only
                ulong begin = vt.Word(descs.AsSpan(d + beginOff)) % dataSize;
                ulong next = vt.Word(descs.AsSpan(d + nextOff)) % dataSize;
                if (begin == next) return null;
                int inf = (int)(rid % count) * infoSize;
                int len = BinaryPrimitives.ReadUInt16LittleEndian(infos.AsSpan(inf + lenOff));
                ulong ts = BinaryPrimitives.ReadUInt64LittleEndian(infos.AsSpan(inf + tsOff));
                if (fromSequence != 0 && BinaryPrimitives.ReadUInt64LittleEndian(infos.AsSpan(inf + seqOff)) < fromSequence) return null;
                if (begin > next) begin = 0; // the block wrapped to the start of the ring
                begin += (ulong)word;          // the block starts with the record's id
                if (begin > next) return null;
                if (next - begin < (ulong)len) len = (int)(next - begin);
                var t = new byte[len];
                Array.Copy(text, (long)begin, t, 0, len);
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
