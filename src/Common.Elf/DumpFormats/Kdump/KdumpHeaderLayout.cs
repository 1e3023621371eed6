using System;
using System.Buffers.Binary;
using Common.Elf;
using Common.Vmcore;

namespace Common.DumpFormats.Kdump
{
    /// <summary>
    /// Where the fields of struct disk_dump_header and struct kdump_sub_header lie (makedumpfile's
    /// diskdump_mod.h) in the layout a makedumpfile built for one architecture writes. The structs
    /// are plain C: `struct timeval` and `unsigned long` are 4 or 8 bytes, and 8-byte integers
    /// (`off_t` with _FILE_OFFSET_BITS=64, `unsigned long long`) are aligned to 4 bytes on i386 and
    /// to 8 on x86_64 (the System V psABIs). The offsets are computed from the declarations and
    /// the ABI, as a C compiler lays them out, so a new architecture is one line with its ABI.
    /// libkdumpfile's diskdump.c spells the same two layouts out as packed structs
    /// (disk_dump_header_32/_64, kdump_sub_header_32pack/_64).
    /// </summary>
    public sealed class KdumpHeaderLayout
    {
        /// <summary>x86_64 (LP64): 8-byte longs and timeval fields, 8-byte alignment of 64-bit integers.</summary>
        public static readonly KdumpHeaderLayout X86_64 = new KdumpHeaderLayout("x86_64", ElfConstants.MachineX86_64, longSize: 8, int64Align: 8);

        /// <summary>i386 (ILP32): 4-byte longs and timeval fields (32-bit time_t), 64-bit integers 4-aligned.</summary>
        public static readonly KdumpHeaderLayout I386 = new KdumpHeaderLayout("i386", ElfConstants.MachineI386, longSize: 4, int64Align: 4);

        private static readonly KdumpHeaderLayout[] All = { X86_64, I386 };

        private KdumpHeaderLayout(string name, ushort elfMachine, int longSize, int int64Align)
        {
            Name = name;
            ElfMachine = elfMachine;
            LongSize = longSize;
            var main = new StructLayout();
            Signature = main.Field(KdumpConstants.SignatureLength, 1);
            HeaderVersion = main.Field(4, 4);
            Utsname = main.Field(NewUtsname.Size, 1);
            // struct timeval { time_t tv_sec; suseconds_t tv_usec; }: two longs.
            TimestampSeconds = main.Field(longSize, longSize);
            TimestampMicroseconds = main.Field(longSize, longSize);
            Status = main.Field(4, 4);
            BlockSize = main.Field(4, 4);
            SubHeaderBlocks = main.Field(4, 4);
            BitmapBlocks = main.Field(4, 4);
            MaxMapNr32 = main.Field(4, 4);
            TotalRamBlocks = main.Field(4, 4);
            DeviceBlocks = main.Field(4, 4);
            WrittenBlocks = main.Field(4, 4);
            CurrentCpu = main.Field(4, 4);
            NrCpus = main.Field(4, 4);
            main.Field(0, longSize); // struct task_struct *tasks[0]: no bytes, a pointer's alignment
            HeaderSize = main.Size;

            var sub = new StructLayout();
            PhysBase = sub.Field(longSize, longSize);
            DumpLevel = sub.Field(4, 4);
            Split = sub.Field(4, 4);
            StartPfn32 = sub.Field(longSize, longSize);
            EndPfn32 = sub.Field(longSize, longSize);
            OffsetVmcoreinfo = sub.Field(8, int64Align);
            SizeVmcoreinfo = sub.Field(longSize, longSize);
            OffsetNote = sub.Field(8, int64Align);
            SizeNote = sub.Field(longSize, longSize);
            OffsetEraseinfo = sub.Field(8, int64Align);
            SizeEraseinfo = sub.Field(longSize, longSize);
            StartPfn64 = sub.Field(8, int64Align);
            EndPfn64 = sub.Field(8, int64Align);
            MaxMapNr64 = sub.Field(8, int64Align);
            SubHeaderSize = sub.Size;
        }

        /// <summary>The architecture whose makedumpfile writes this layout (x86_64, i386).</summary>
        public string Name { get; }
        /// <summary>The architecture's ELF e_machine.</summary>
        public ushort ElfMachine { get; }
        /// <summary>sizeof(long) (and of each struct timeval field).</summary>
        public int LongSize { get; }

        // struct disk_dump_header
        public int Signature { get; }
        public int HeaderVersion { get; }
        public int Utsname { get; }
        public int TimestampSeconds { get; }
        public int TimestampMicroseconds { get; }
        public int Status { get; }
        public int BlockSize { get; }
        public int SubHeaderBlocks { get; }
        public int BitmapBlocks { get; }
        public int MaxMapNr32 { get; }
        public int TotalRamBlocks { get; }
        public int DeviceBlocks { get; }
        public int WrittenBlocks { get; }
        public int CurrentCpu { get; }
        public int NrCpus { get; }
        /// <summary>sizeof(struct disk_dump_header).</summary>
        public int HeaderSize { get; }

        // struct kdump_sub_header (offsets from the start of block 1)
        public int PhysBase { get; }
        public int DumpLevel { get; }
        public int Split { get; }
        public int StartPfn32 { get; }
        public int EndPfn32 { get; }
        public int OffsetVmcoreinfo { get; }
        public int SizeVmcoreinfo { get; }
        public int OffsetNote { get; }
        public int SizeNote { get; }
        public int OffsetEraseinfo { get; }
        public int SizeEraseinfo { get; }
        public int StartPfn64 { get; }
        public int EndPfn64 { get; }
        public int MaxMapNr64 { get; }
        /// <summary>sizeof(struct kdump_sub_header) (header_version 6).</summary>
        public int SubHeaderSize { get; }

        /// <summary>The layout of an architecture by its ELF e_machine; x86_64's for any other (the tools refuse non-x86 input before).</summary>
        public static KdumpHeaderLayout ForElfMachine(ushort machine)
        {
            foreach (KdumpHeaderLayout l in All) if (l.ElfMachine == machine) return l;
            return X86_64;
        }

        /// <summary>The layout of an architecture by its utsname.machine (uname -m): i386 kernels say i386-i686.</summary>
        public static KdumpHeaderLayout ForUnameMachine(string machine) =>
            machine.Length == 4 && machine[0] == 'i' && machine[1] >= '3' && machine[1] <= '6' && machine.EndsWith("86", StringComparison.Ordinal)
                ? I386 : X86_64;

        /// <summary>The largest main header of all layouts: what a reader reads before it knows the layout.</summary>
        public static int MaxHeaderSize => Math.Max(X86_64.HeaderSize, I386.HeaderSize);

        /// <summary>The largest sub-header of all layouts.</summary>
        public static int MaxSubHeaderSize => Math.Max(X86_64.SubHeaderSize, I386.SubHeaderSize);

        /// <summary>How a file in this layout says it is incomplete: DUMP_DH_COMPRESSED_INCOMPLETE in its status word.</summary>
        public Output.IncompleteMarker IncompleteMarker =>
            new Output.IncompleteMarker("kdump-compressed header (status)", Status, KdumpConstants.CompressedIncomplete);

        /// <summary>The largest value an `unsigned long` of this layout holds.</summary>
        public ulong LongMax => LongSize == 8 ? ulong.MaxValue : uint.MaxValue;

        /// <summary>Reads an `unsigned long` (or timeval field) of this layout.</summary>
        public ulong ReadLong(ReadOnlySpan<byte> b, int offset) =>
            LongSize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(offset));

        /// <summary>Writes an `unsigned long` of this layout; a value it cannot hold is an error, never cut.</summary>
        public void WriteLong(Span<byte> b, int offset, ulong value, string field)
        {
            if (LongSize == 8) BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(offset), value);
            else if (value <= uint.MaxValue) BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(offset), (uint)value);
            else throw new DumpFormatException($"kdump header field {field} 0x{value:x} does not fit the {Name} layout's 32-bit unsigned long");
        }

        public override string ToString() => Name;

        // Lays fields out one after the other as a C compiler does: each at its alignment, the
        // struct's size rounded up to its largest alignment.
        private sealed class StructLayout
        {
            private int _offset;
            private int _align = 1;

            public int Field(int size, int align)
            {
                _offset = (_offset + align - 1) / align * align;
                int at = _offset;
                _offset += size;
                _align = Math.Max(_align, align);
                return at;
            }

            public int Size => (_offset + _align - 1) / _align * _align;
        }
    }
}
