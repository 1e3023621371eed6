using System;
using System.Buffers.Binary;
using System.Text;

namespace Common.DumpFormats.Kdump
{
    /// <summary>
    /// struct disk_dump_header plus struct kdump_sub_header of x86_64 (diskdump_mod.h):
    /// block 0 holds the first, block 1 the second followed by the ELF notes.
    /// </summary>
    public sealed class DiskDumpHeader
    {
        public int HeaderVersion { get; set; } = KdumpConstants.HeaderVersion;
        public string[] Utsname { get; set; } = { "Linux", "", "", "", "x86_64", "" };
        public long TimestampSeconds { get; set; }
        public long TimestampMicroseconds { get; set; }
        public uint Status { get; set; }
        public int BlockSize { get; set; }
        public int SubHeaderBlocks { get; set; }
        public uint BitmapBlocks { get; set; }
        public uint MaxMapNr32 { get; set; }
        public uint TotalRamBlocks { get; set; }
        public uint DeviceBlocks { get; set; }
        public uint WrittenBlocks { get; set; }
        public uint CurrentCpu { get; set; }
        public int NrCpus { get; set; }

        // kdump_sub_header
        public ulong PhysBase { get; set; }
        public int DumpLevel { get; set; }
        public int Split { get; set; }
        public ulong StartPfn32 { get; set; }
        public ulong EndPfn32 { get; set; }
        public long OffsetVmcoreinfo { get; set; }
        public ulong SizeVmcoreinfo { get; set; }
        public long OffsetNote { get; set; }
        public ulong SizeNote { get; set; }
        public long OffsetEraseinfo { get; set; }
        public ulong SizeEraseinfo { get; set; }
        public ulong StartPfn { get; set; }
        public ulong EndPfn { get; set; }
        public ulong MaxMapNr { get; set; }

        public byte[] EncodeMain()
        {
            var b = new byte[KdumpConstants.DiskDumpHeaderSize];
            Encoding.ASCII.GetBytes(KdumpConstants.Signature).CopyTo(b, 0);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), HeaderVersion);
            for (int i = 0; i < 6; i++)
            {
                byte[] s = Encoding.ASCII.GetBytes(Utsname.Length > i ? Utsname[i] ?? "" : "");
                Array.Copy(s, 0, b, 12 + i * KdumpConstants.UtsFieldLength, Math.Min(s.Length, KdumpConstants.UtsFieldLength - 1));
            }
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(408), TimestampSeconds);
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(416), TimestampMicroseconds);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(424), Status);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(428), BlockSize);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(432), SubHeaderBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(436), BitmapBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(440), MaxMapNr32);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(444), TotalRamBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(448), DeviceBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(452), WrittenBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(456), CurrentCpu);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(460), NrCpus);
            return b;
        }

        public byte[] EncodeSub()
        {
            var b = new byte[KdumpConstants.SubHeaderSize];
            Span<byte> s = b;
            BinaryPrimitives.WriteUInt64LittleEndian(s, PhysBase);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(8), DumpLevel);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(12), Split);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(16), StartPfn32);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(24), EndPfn32);
            BinaryPrimitives.WriteInt64LittleEndian(s.Slice(32), OffsetVmcoreinfo);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(40), SizeVmcoreinfo);
            BinaryPrimitives.WriteInt64LittleEndian(s.Slice(48), OffsetNote);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(56), SizeNote);
            BinaryPrimitives.WriteInt64LittleEndian(s.Slice(64), OffsetEraseinfo);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(72), SizeEraseinfo);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(80), StartPfn);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(88), EndPfn);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(96), MaxMapNr);
            return b;
        }

        public static bool HasSignature(ReadOnlySpan<byte> data) =>
            data.Length >= 8 && (Encoding.ASCII.GetString(data.Slice(0, 8).ToArray()) == KdumpConstants.Signature
                                 || Encoding.ASCII.GetString(data.Slice(0, 8).ToArray()) == "DISKDUMP");

        /// <summary>Parses block 0 and the sub-header (which starts at <see cref="BlockSize"/>).</summary>
        public static DiskDumpHeader Parse(ReadOnlySpan<byte> main, ReadOnlySpan<byte> sub)
        {
            if (main.Length < KdumpConstants.DiskDumpHeaderSize || !HasSignature(main))
                throw new DumpFormatException("not a kdump-compressed file (no KDUMP signature)");
            var h = new DiskDumpHeader
            {
                HeaderVersion = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(8)),
                TimestampSeconds = BinaryPrimitives.ReadInt64LittleEndian(main.Slice(408)),
                TimestampMicroseconds = BinaryPrimitives.ReadInt64LittleEndian(main.Slice(416)),
                Status = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(424)),
                BlockSize = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(428)),
                SubHeaderBlocks = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(432)),
                BitmapBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(436)),
                MaxMapNr32 = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(440)),
                TotalRamBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(444)),
                DeviceBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(448)),
                WrittenBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(452)),
                CurrentCpu = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(456)),
                NrCpus = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(460)),
            };
            var uts = new string[6];
            for (int i = 0; i < 6; i++)
            {
                ReadOnlySpan<byte> f = main.Slice(12 + i * KdumpConstants.UtsFieldLength, KdumpConstants.UtsFieldLength);
                int nul = f.IndexOf((byte)0);
                uts[i] = Encoding.ASCII.GetString(f.Slice(0, nul < 0 ? f.Length : nul).ToArray());
            }
            h.Utsname = uts;
            if (h.BlockSize < 4096 || h.BlockSize > 65536 || (h.BlockSize & (h.BlockSize - 1)) != 0)
                throw new DumpFormatException($"kdump header block_size {h.BlockSize} is not a page size");
            if (h.SubHeaderBlocks < 0 || h.SubHeaderBlocks > 4096)
                throw new DumpFormatException($"kdump header sub_hdr_size {h.SubHeaderBlocks} is not plausible");
            if (sub.Length < KdumpConstants.SubHeaderSize) throw new DumpFormatException("kdump sub-header truncated");
            h.PhysBase = BinaryPrimitives.ReadUInt64LittleEndian(sub);
            h.DumpLevel = BinaryPrimitives.ReadInt32LittleEndian(sub.Slice(8));
            // makedumpfile's dump levels are five bits (DL_EXCLUDE_ZERO .. DL_EXCLUDE_FREE); a
            // writer ORs the input's level into its own, so anything else must not pass on.
            if (h.DumpLevel < 0 || h.DumpLevel > 31)
                throw new DumpFormatException($"kdump sub-header dump_level {h.DumpLevel} is not in 0-31");
            h.Split = BinaryPrimitives.ReadInt32LittleEndian(sub.Slice(12));
            h.StartPfn32 = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(16));
            h.EndPfn32 = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(24));
            if (h.HeaderVersion >= 3)
            {
                h.OffsetVmcoreinfo = BinaryPrimitives.ReadInt64LittleEndian(sub.Slice(32));
                h.SizeVmcoreinfo = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(40));
            }
            if (h.HeaderVersion >= 4)
            {
                h.OffsetNote = BinaryPrimitives.ReadInt64LittleEndian(sub.Slice(48));
                h.SizeNote = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(56));
            }
            if (h.HeaderVersion >= 5)
            {
                h.OffsetEraseinfo = BinaryPrimitives.ReadInt64LittleEndian(sub.Slice(64));
                h.SizeEraseinfo = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(72));
            }
            if (h.HeaderVersion >= 6)
            {
                h.StartPfn = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(80));
                h.EndPfn = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(88));
                h.MaxMapNr = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(96));
            }
            else
            {
                h.StartPfn = h.StartPfn32;
                h.EndPfn = h.EndPfn32;
                h.MaxMapNr = h.MaxMapNr32;
            }
            if (h.MaxMapNr == 0) h.MaxMapNr = h.MaxMapNr32;
            return h;
        }
    }
}
