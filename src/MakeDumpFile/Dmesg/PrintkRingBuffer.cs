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
            long Need(string key) => info.Decimal(key) ?? throw new KernelDataException($"VMCOREINFO lacks {key}");
            AddressTranslator vt = k.Translator;
            // Ids, states, positions and pointers are unsigned longs: 4 bytes on i386. The two
            // state bits are the top bits of the state word (DESC_SV_BITS, printk_ringbuffer.h).
            int word = vt.PointerSize;
            int stateShift = word * 8 - 2;
            ulong wordMask = word == 8 ? ulong.MaxValue : uint.MaxValue;
            ulong idMask = ~(3UL << stateShift) & wordMask;
            if (!vt.TryReadVirtualWord(prbSymbol, out ulong prb)) throw new KernelDataException("cannot read the prb pointer");
            int rbSize = (int)Need("SIZE(printk_ringbuffer)");
            if (rbSize <= 0 || rbSize > 4096) throw new KernelDataException($"SIZE(printk_ringbuffer)={rbSize} is not plausible");
            var rb = new byte[rbSize];
            if (!vt.TryReadVirtual(prb, rb)) throw new KernelDataException("cannot read the printk ring buffer");
            int descRing = (int)Need("OFFSET(printk_ringbuffer.desc_ring)");
            int textRing = (int)Need("OFFSET(printk_ringbuffer.text_data_ring)");
            int counter = (int)(info.Decimal("OFFSET(atomic_long_t.counter)") ?? 0);
            uint countBits = BinaryPrimitives.ReadUInt32LittleEndian(rb.AsSpan(descRing + (int)Need("OFFSET(prb_desc_ring.count_bits)")));
            uint sizeBits = BinaryPrimitives.ReadUInt32LittleEndian(rb.AsSpan(textRing + (int)Need("OFFSET(prb_data_ring.size_bits)")));
            if (countBits > 24 || sizeBits > 30) throw new KernelDataException($"printk ring sizes (2^{countBits} records, 2^{sizeBits} bytes) are not plausible");
            ulong count = 1UL << (int)countBits;
            ulong dataSize = 1UL << (int)sizeBits;
            ulong descsAddr = vt.Word(rb.AsSpan(descRing + (int)Need("OFFSET(prb_desc_ring.descs)")));
            ulong infosAddr = vt.Word(rb.AsSpan(descRing + (int)Need("OFFSET(prb_desc_ring.infos)")));
            ulong headId = vt.Word(rb.AsSpan(descRing + (int)Need("OFFSET(prb_desc_ring.head_id)") + counter));
            ulong tailId = vt.Word(rb.AsSpan(descRing + (int)Need("OFFSET(prb_desc_ring.tail_id)") + counter));
            ulong dataAddr = vt.Word(rb.AsSpan(textRing + (int)Need("OFFSET(prb_data_ring.data)")));

            int descSize = (int)Need("SIZE(prb_desc)");
            int infoSize = (int)Need("SIZE(printk_info)");
            var descs = new byte[(long)descSize * (long)count];
            var infos = new byte[(long)infoSize * (long)count];
            var text = new byte[dataSize];
            if (!vt.TryReadVirtual(descsAddr, descs) || !vt.TryReadVirtual(infosAddr, infos) || !vt.TryReadVirtual(dataAddr, text))
                throw new KernelDataException("cannot read the printk ring buffer's descriptors or text");
            int stateOff = (int)Need("OFFSET(prb_desc.state_var)") + counter;
            int lposOff = (int)Need("OFFSET(prb_desc.text_blk_lpos)");
            int beginOff = lposOff + (int)Need("OFFSET(prb_data_blk_lpos.begin)");
            int nextOff = lposOff + (int)Need("OFFSET(prb_data_blk_lpos.next)");
            int tsOff = (int)Need("OFFSET(printk_info.ts_nsec)");
            int lenOff = (int)Need("OFFSET(printk_info.text_len)");
            int seqOff = fromSequence == 0 ? 0 : (int)Need("OFFSET(printk_info.seq)");

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
                int d = (int)(rid % count) * descSize;
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
