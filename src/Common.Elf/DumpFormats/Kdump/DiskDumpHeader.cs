using System;
using System.Buffers.Binary;
using System.Text;
using Common.Vmcore;

namespace Common.DumpFormats.Kdump
{
    /// <summary>
    /// struct disk_dump_header plus struct kdump_sub_header (diskdump_mod.h) in the layout of one
    /// architecture (<see cref="KdumpHeaderLayout"/>): block 0 holds the first, block 1 the second
    /// followed by the ELF notes.
    /// </summary>
    public sealed class DiskDumpHeader
    {
        public int HeaderVersion { get; set; } = KdumpConstants.HeaderVersion;
        public string[] Utsname { get; set; } = { "Linux", "", "", "", "x86_64", "" };
        /// <summary>utsname.machine, or null when the header holds fewer fields.</summary>
        public string? Machine => Utsname.Length > NewUtsname.Machine ? Utsname[NewUtsname.Machine] : null;
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

        /// <summary>The architecture layout the header is (to be) stored in.</summary>
        public KdumpHeaderLayout Layout { get; set; } = KdumpHeaderLayout.X86_64;

        public byte[] EncodeMain()
        {
            KdumpHeaderLayout l = Layout;
            var b = new byte[l.HeaderSize];
            Span<byte> s = b;
            Encoding.ASCII.GetBytes(KdumpConstants.Signature).CopyTo(b, l.Signature);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(l.HeaderVersion), HeaderVersion);
            for (int i = 0; i < NewUtsname.Fields; i++)
            {
                byte[] text = Encoding.ASCII.GetBytes(Utsname.Length > i ? Utsname[i] ?? "" : "");
                Array.Copy(text, 0, b, l.Utsname + i * NewUtsname.FieldLength, Math.Min(text.Length, NewUtsname.FieldLength - 1));
            }
            l.WriteLong(s, l.TimestampSeconds, unchecked((ulong)TimestampSeconds), "timestamp.tv_sec");
            l.WriteLong(s, l.TimestampMicroseconds, unchecked((ulong)TimestampMicroseconds), "timestamp.tv_usec");
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(l.Status), Status);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(l.BlockSize), BlockSize);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(l.SubHeaderBlocks), SubHeaderBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(l.BitmapBlocks), BitmapBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(l.MaxMapNr32), MaxMapNr32);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(l.TotalRamBlocks), TotalRamBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(l.DeviceBlocks), DeviceBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(l.WrittenBlocks), WrittenBlocks);
            BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(l.CurrentCpu), CurrentCpu);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(l.NrCpus), NrCpus);
            return b;
        }

        public byte[] EncodeSub()
        {
            KdumpHeaderLayout l = Layout;
            var b = new byte[l.SubHeaderSize];
            Span<byte> s = b;
            l.WriteLong(s, l.PhysBase, PhysBase, "phys_base");
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(l.DumpLevel), DumpLevel);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(l.Split), Split);
            // The obsolete 32-bit copies hold what an unsigned long can (the full values follow in the _64 fields).
            l.WriteLong(s, l.StartPfn32, Math.Min(StartPfn32, l.LongMax), "start_pfn");
            l.WriteLong(s, l.EndPfn32, Math.Min(EndPfn32, l.LongMax), "end_pfn");
            BinaryPrimitives.WriteInt64LittleEndian(s.Slice(l.OffsetVmcoreinfo), OffsetVmcoreinfo);
            l.WriteLong(s, l.SizeVmcoreinfo, SizeVmcoreinfo, "size_vmcoreinfo");
            BinaryPrimitives.WriteInt64LittleEndian(s.Slice(l.OffsetNote), OffsetNote);
            l.WriteLong(s, l.SizeNote, SizeNote, "size_note");
            BinaryPrimitives.WriteInt64LittleEndian(s.Slice(l.OffsetEraseinfo), OffsetEraseinfo);
            l.WriteLong(s, l.SizeEraseinfo, SizeEraseinfo, "size_eraseinfo");
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(l.StartPfn64), StartPfn);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(l.EndPfn64), EndPfn);
            BinaryPrimitives.WriteUInt64LittleEndian(s.Slice(l.MaxMapNr64), MaxMapNr);
            return b;
        }

        public static bool HasSignature(ReadOnlySpan<byte> data) =>
            data.Length >= 8 && (Encoding.ASCII.GetString(data.Slice(0, 8).ToArray()) == KdumpConstants.Signature
                                 || Encoding.ASCII.GetString(data.Slice(0, 8).ToArray()) == "DISKDUMP");

        /// <summary>
        /// The layout a main header is stored in, decided by what the file says, as libkdumpfile
        /// decides it (makedumpfile and crash read only the layout they were built for): the
        /// layout whose block_size is a page size and whose sub_hdr_size is plausible. The fields
        /// do not line up across layouts (x86_64's block_size and sub_hdr_size are i386's
        /// max_mapnr and total_ram_blocks, which makedumpfile leaves 0; i386's are x86_64's
        /// tv_usec, below 2^20), so one layout fits; should both, utsname.machine decides.
        /// Null when none fits.
        /// </summary>
        public static KdumpHeaderLayout? LayoutOf(ReadOnlySpan<byte> main)
        {
            bool x64 = Fits(KdumpHeaderLayout.X86_64, main), i386 = Fits(KdumpHeaderLayout.I386, main);
            if (x64 && i386) return KdumpHeaderLayout.ForUnameMachine(MachineOf(main));
            return x64 ? KdumpHeaderLayout.X86_64 : i386 ? KdumpHeaderLayout.I386 : null;
        }

        private static string MachineOf(ReadOnlySpan<byte> main) =>
            Field(main, KdumpHeaderLayout.X86_64.Utsname + NewUtsname.Machine * NewUtsname.FieldLength);

        private static bool Fits(KdumpHeaderLayout l, ReadOnlySpan<byte> main)
        {
            if (main.Length < l.HeaderSize) return false;
            int bs = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(l.BlockSize));
            int sub = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(l.SubHeaderBlocks));
            return IsPageSize(bs) && sub >= 1 && sub <= MaxSubHeaderBlocks;
        }

        private const int MaxSubHeaderBlocks = 4096;

        private static bool IsPageSize(int bs) => bs >= 4096 && bs <= 65536 && (bs & (bs - 1)) == 0;

        private static string Field(ReadOnlySpan<byte> main, int at)
        {
            ReadOnlySpan<byte> f = main.Slice(at, NewUtsname.FieldLength);
            int nul = f.IndexOf((byte)0);
            return Encoding.ASCII.GetString(f.Slice(0, nul < 0 ? f.Length : nul).ToArray());
        }

        /// <summary>The block size a main header gives, in its layout (x86_64's when no layout fits, for the error).</summary>
        public static int BlockSizeOf(ReadOnlySpan<byte> main)
        {
            KdumpHeaderLayout l = LayoutOf(main) ?? KdumpHeaderLayout.X86_64;
            if (main.Length < l.HeaderSize) throw new DumpFormatException("kdump header truncated");
            return BinaryPrimitives.ReadInt32LittleEndian(main.Slice(l.BlockSize));
        }

        /// <summary>Parses block 0 and the sub-header (which starts at <see cref="BlockSize"/>), in the layout <see cref="LayoutOf"/> finds.</summary>
        public static DiskDumpHeader Parse(ReadOnlySpan<byte> main, ReadOnlySpan<byte> sub)
        {
            if (!HasSignature(main))
                throw new DumpFormatException("not a kdump-compressed file (no KDUMP signature)");
            KdumpHeaderLayout l = LayoutOf(main) ?? KdumpHeaderLayout.X86_64;
            if (main.Length < l.HeaderSize) throw new DumpFormatException("not a kdump-compressed file (header truncated)");
            var h = new DiskDumpHeader
            {
                Layout = l,
                HeaderVersion = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(l.HeaderVersion)),
                TimestampSeconds = unchecked((long)l.ReadLong(main, l.TimestampSeconds)),
                TimestampMicroseconds = unchecked((long)l.ReadLong(main, l.TimestampMicroseconds)),
                Status = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(l.Status)),
                BlockSize = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(l.BlockSize)),
                SubHeaderBlocks = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(l.SubHeaderBlocks)),
                BitmapBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(l.BitmapBlocks)),
                MaxMapNr32 = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(l.MaxMapNr32)),
                TotalRamBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(l.TotalRamBlocks)),
                DeviceBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(l.DeviceBlocks)),
                WrittenBlocks = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(l.WrittenBlocks)),
                CurrentCpu = BinaryPrimitives.ReadUInt32LittleEndian(main.Slice(l.CurrentCpu)),
                NrCpus = BinaryPrimitives.ReadInt32LittleEndian(main.Slice(l.NrCpus)),
            };
            var uts = new string[NewUtsname.Fields];
            for (int i = 0; i < uts.Length; i++) uts[i] = Field(main, l.Utsname + i * NewUtsname.FieldLength);
            h.Utsname = uts;
            if (!IsPageSize(h.BlockSize))
                throw new DumpFormatException($"kdump header block_size {h.BlockSize} is not a page size");
            if (h.SubHeaderBlocks < 0 || h.SubHeaderBlocks > MaxSubHeaderBlocks)
                throw new DumpFormatException($"kdump header sub_hdr_size {h.SubHeaderBlocks} is not plausible");
            if (sub.Length < l.SubHeaderSize) throw new DumpFormatException("kdump sub-header truncated");
            h.PhysBase = l.ReadLong(sub, l.PhysBase);
            h.DumpLevel = BinaryPrimitives.ReadInt32LittleEndian(sub.Slice(l.DumpLevel));
            // makedumpfile's dump levels are five bits (DL_EXCLUDE_ZERO .. DL_EXCLUDE_FREE); a
            // writer ORs the input's level into its own, so anything else must not pass on.
            if (h.DumpLevel < 0 || h.DumpLevel > 31)
                throw new DumpFormatException($"kdump sub-header dump_level {h.DumpLevel} is not in 0-31");
            h.Split = BinaryPrimitives.ReadInt32LittleEndian(sub.Slice(l.Split));
            h.StartPfn32 = l.ReadLong(sub, l.StartPfn32);
            h.EndPfn32 = l.ReadLong(sub, l.EndPfn32);
            if (h.HeaderVersion >= 3)
            {
                h.OffsetVmcoreinfo = BinaryPrimitives.ReadInt64LittleEndian(sub.Slice(l.OffsetVmcoreinfo));
                h.SizeVmcoreinfo = l.ReadLong(sub, l.SizeVmcoreinfo);
            }
            if (h.HeaderVersion >= 4)
            {
                h.OffsetNote = BinaryPrimitives.ReadInt64LittleEndian(sub.Slice(l.OffsetNote));
                h.SizeNote = l.ReadLong(sub, l.SizeNote);
            }
            if (h.HeaderVersion >= 5)
            {
                h.OffsetEraseinfo = BinaryPrimitives.ReadInt64LittleEndian(sub.Slice(l.OffsetEraseinfo));
                h.SizeEraseinfo = l.ReadLong(sub, l.SizeEraseinfo);
            }
            if (h.HeaderVersion >= 6)
            {
                h.StartPfn = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(l.StartPfn64));
                h.EndPfn = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(l.EndPfn64));
                h.MaxMapNr = BinaryPrimitives.ReadUInt64LittleEndian(sub.Slice(l.MaxMapNr64));
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
