using Common.Vmcore;

namespace Common.DumpFormats.Jump
{
    /// <summary>
    /// Where kernel A keeps its kexec entry list for the way back from a jump, as A's own VMCOREINFO
    /// states it (native/kexec_jump_kernel.patch, "kexec: export where a kexec jump keeps its entry
    /// list in VMCOREINFO"; Documentation/admin-guide/kdump/vmcoreinfo.rst there):
    /// NUMBER(KEXEC_JUMP_ENTRY_LIST_OFFSET) is the offset of the head word in the page holding the
    /// jump-back entry, SIZE(kimage_entry_t) the size of each word of the list. Both are constants
    /// of A's build, so the copy of A's VMCOREINFO that kexec puts into B's ELF core header (when A's
    /// own lies in B's range) is as good as the original.
    /// </summary>
    public sealed class JumpBackLayout
    {
        public const string OffsetKey = "KEXEC_JUMP_ENTRY_LIST_OFFSET";
        public const string WordSizeKey = "kimage_entry_t";
        private const int X86PageSize = 4096;

        public JumpBackLayout(int headOffset, int wordSize)
        {
            HeadOffset = headOffset;
            WordSize = wordSize;
        }

        /// <summary>Offset of image->head from the start of the page holding the jump-back entry.</summary>
        public int HeadOffset { get; }

        /// <summary>Bytes per word of the entry list: 8 on x86_64, 4 on i386 (with PAE too).</summary>
        public int WordSize { get; }

        /// <summary>True when A's VMCOREINFO names either entry of the export (then it must state both, correctly).</summary>
        public static bool IsExported(VmcoreInfo? info) =>
            info != null && (info.Number(OffsetKey) != null || info.Size(WordSizeKey) != null);

        /// <summary>The layout A's VMCOREINFO states; a clear refusal when it states none or a bad one.</summary>
        public static JumpBackLayout FromVmcoreInfo(VmcoreInfo? info)
        {
            if (info == null)
                throw new DumpFormatException("kernel A's memory has no VMCOREINFO, which tells where A keeps its kexec entry list");
            long? offset = info.Number(OffsetKey);
            long? size = info.Size(WordSizeKey);
            if (offset == null || size == null)
                throw new DumpFormatException($"kernel A's VMCOREINFO has no NUMBER({OffsetKey}) and SIZE({WordSizeKey}): A's kernel ({info.OsRelease ?? "release unknown"}) does not export where its kexec entry list is (native/kexec_jump_kernel.patch)");
            if (size != 4 && size != 8)
                throw new DumpFormatException($"kernel A's VMCOREINFO gives SIZE({WordSizeKey})={size}; a kexec entry is 4 or 8 bytes");
            if (offset < 0 || offset > X86PageSize - size || offset % size != 0)
                throw new DumpFormatException($"kernel A's VMCOREINFO gives NUMBER({OffsetKey})={offset}, which is no aligned {size}-byte word of a 4 KiB page");
            return new JumpBackLayout((int)offset, (int)size);
        }
    }
}
