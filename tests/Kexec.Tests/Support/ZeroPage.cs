using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Kexec.Tests.Support
{
    /// <summary>Reads back a boot_params page the way the kernel does (Documentation/arch/x86/zero-page.rst).</summary>
    internal sealed class ZeroPage
    {
        private readonly byte[] _b;

        public ZeroPage(byte[] bytes) { _b = bytes; }

        public ulong CmdLinePtr => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0x228)) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0xc8)) << 32;
        public ulong RamdiskImage => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0x218)) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0xc0)) << 32;
        public ulong RamdiskSize => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0x21c)) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0xc4)) << 32;
        public uint Code32Start => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0x214));
        public byte LoaderType => _b[0x210];
        public byte LoadFlags => _b[0x211];
        public byte Sentinel => _b[0x1ef];
        public uint HdrS => BinaryPrimitives.ReadUInt32LittleEndian(_b.AsSpan(0x202));

        public List<(ulong Start, ulong Size, uint Type)> E820()
        {
            var list = new List<(ulong, ulong, uint)>();
            for (int i = 0; i < _b[0x1e8]; i++)
            {
                var e = _b.AsSpan(0x2d0 + 20 * i);
                list.Add((BinaryPrimitives.ReadUInt64LittleEndian(e), BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(8)), BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(16))));
            }
            return list;
        }

        /// <summary>The NUL-terminated command line in a segment buffer at the given offset.</summary>
        public static string CString(byte[] buffer, int offset)
        {
            int end = Array.IndexOf(buffer, (byte)0, offset);
            return Encoding.ASCII.GetString(buffer, offset, end - offset);
        }
    }
}
