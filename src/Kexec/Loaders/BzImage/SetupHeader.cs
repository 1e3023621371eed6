using System;
using System.Buffers.Binary;

namespace Kexec.Loaders.BzImage
{
    /// <summary>
    /// The real-mode setup header at offset 0x1f1 of a bzImage, as laid out in
    /// Documentation/arch/x86/boot.rst ("THE REAL-MODE KERNEL HEADER"). Parsed with bounds
    /// checks; nothing read here is trusted as an offset without checking it against the file.
    /// </summary>
    internal sealed class SetupHeader
    {
        public const int Offset = 0x1f1;
        public const uint HdrSMagic = 0x53726448; // "HdrS"
        public const ushort BootFlagMagic = 0xaa55;

        // loadflags (boot.rst)
        public const byte LoadedHigh = 0x01;
        public const byte KeepSegments = 0x40;
        public const byte CanUseHeap = 0x80;

        // xloadflags (boot.rst, protocol 2.12+)
        public const ushort XlfKernel64 = 1 << 0;
        public const ushort XlfCanBeLoadedAbove4G = 1 << 1;

        public byte SetupSects { get; private set; }
        public uint SysSize { get; private set; }
        public ushort Version { get; private set; }
        public byte LoadFlags { get; private set; }
        public uint Code32Start { get; private set; }
        public uint InitrdAddrMax { get; private set; }
        public uint KernelAlignment { get; private set; }
        public bool Relocatable { get; private set; }
        public byte MinAlignment { get; private set; }
        public ushort XLoadFlags { get; private set; }
        public uint CmdlineSize { get; private set; }
        public ulong PrefAddress { get; private set; }
        public uint InitSize { get; private set; }

        /// <summary>Bytes of the header proper: 0x202 + the jump's displacement byte (boot.rst: "the end of the setup header").</summary>
        public int HeaderEnd { get; private set; }

        /// <summary>File offset where the protected-mode kernel starts: (setup_sects + 1) * 512.</summary>
        public int KernelOffset => (SetupSects == 0 ? 4 : SetupSects) * 512 + 512;

        /// <summary>True when the bytes carry a setup header at all ("HdrS" and the 0xAA55 boot flag).</summary>
        public static bool Probe(ReadOnlySpan<byte> file) =>
            file.Length >= 0x206 &&
            BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(0x1fe)) == BootFlagMagic &&
            BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x202)) == HdrSMagic;

        /// <summary>Parses and checks the header against the file's length; throws KexecException on anything unusable.</summary>
        public static SetupHeader Parse(ReadOnlySpan<byte> file, string name)
        {
            if (!Probe(file))
                throw new KexecException($"{name}: not a bzImage (no \"HdrS\" setup header)");
            var h = new SetupHeader();
            h.Version = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(0x206));
            if (h.Version < 0x0206)
                throw new KexecException($"{name}: boot protocol {h.Version >> 8}.{h.Version & 0xff} is too old (2.06 or later needed)");
            if (file.Length < 0x26c)
                throw new KexecException($"{name}: truncated bzImage: setup header incomplete ({file.Length} bytes)");
            h.SetupSects = file[0x1f1];
            h.SysSize = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x1f4));
            h.LoadFlags = file[0x211];
            h.Code32Start = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x214));
            h.InitrdAddrMax = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x22c));
            h.KernelAlignment = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x230));
            h.Relocatable = file[0x234] != 0;
            h.MinAlignment = file[0x235];
            h.XLoadFlags = h.Version >= 0x020c ? BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(0x236)) : (ushort)0;
            h.CmdlineSize = h.Version >= 0x0206 ? BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x238)) : 255u;
            h.PrefAddress = h.Version >= 0x020a ? BinaryPrimitives.ReadUInt64LittleEndian(file.Slice(0x258)) : 0x100000UL;
            h.InitSize = h.Version >= 0x020a ? BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(0x260)) : 0;
            h.HeaderEnd = 0x202 + file[0x201];
            if (h.HeaderEnd > file.Length || h.HeaderEnd < 0x26c && h.Version >= 0x020f)
                throw new KexecException($"{name}: setup header end 0x{h.HeaderEnd:x} outside the file");

            // arch/x86/boot/tools/build.c writes 5 to 64 setup sectors (SETUP_SECT_MIN/MAX);
            // 0 means 4 for old kernels (boot.rst, note 1). Fewer would put the
            // protected-mode kernel inside the real-mode setup code.
            int setupSectors = h.SetupSects == 0 ? 4 : h.SetupSects;
            if (setupSectors < 4 || setupSectors > 64)
                throw new KexecException($"{name}: setup_sects {h.SetupSects} is not 4-64: not a kernel built by the kernel's build tool");
            long kernelBytes = (long)h.SysSize * 16;
            if (h.KernelOffset >= file.Length)
                throw new KexecException($"{name}: truncated bzImage: file ends ({file.Length} bytes) before the kernel at 0x{h.KernelOffset:x}");
            if (h.KernelOffset + kernelBytes > file.Length)
                throw new KexecException($"{name}: truncated bzImage: {file.Length} bytes, the header announces {h.KernelOffset + kernelBytes}");
            if (h.KernelAlignment == 0 || (h.KernelAlignment & (h.KernelAlignment - 1)) != 0)
                throw new KexecException($"{name}: bad kernel_alignment 0x{h.KernelAlignment:x}");
            // init_size is the memory the kernel needs from its load address before it looks at
            // the memory map (boot.rst, "init_size"): at least the protected-mode kernel itself.
            if (h.Version >= 0x020a && h.InitSize < kernelBytes)
                throw new KexecException($"{name}: init_size 0x{h.InitSize:x} is smaller than the kernel (0x{kernelBytes:x} bytes)");
            if (h.CmdlineSize == 0 || h.CmdlineSize > 1 << 20)
                throw new KexecException($"{name}: bad cmdline_size {h.CmdlineSize}");
            return h;
        }

        public bool Has64BitEntry => (XLoadFlags & XlfKernel64) != 0;

        public bool CanLoadAbove4G => (XLoadFlags & XlfCanBeLoadedAbove4G) != 0;
    }
}
