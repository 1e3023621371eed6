using System;
using System.Buffers.Binary;
using Common.Numbers;

namespace Common.DumpFormats.Jump
{
    /// <summary>
    /// Where image->head (the start of the kexec entry list) lies in kernel A's control page.
    /// This is relocate_kernel's private data, so it depends on the kernel that wrote it:
    ///  - x86_64 before 6.14: a fixed slot, DATA(0x30) = CP_PA_BACKUP_PAGES_MAP = 0x830
    ///    (KEXEC_CONTROL_CODE_MAX_SIZE 2048 + 0x30, arch/x86/kernel/relocate_kernel_64.S of 6.12);
    ///  - i386 (all versions up to 7.3): DATA(0x1c) = 0x81c (relocate_kernel_32.S);
    ///  - x86_64 from 6.14 on: the 6.14 kexec rework moved the data into .data..relocate_kernel,
    ///    which follows the code in the control page, so its offset changes with the code size
    ///    of each build. Its variables are, in order: saved_rsp, saved_cr0, saved_cr3,
    ///    saved_cr4, kexec_va_control_page, kexec_pa_table_page, kexec_pa_swap_page,
    ///    pa_backup_pages_map (= image->head) (relocate_kernel_64.S of 7.3). The block is found
    ///    by what those words must hold: the control page's own direct-map address (whose low
    ///    30 bits equal the control page's physical ones: the direct map starts on a 1 GiB
    ///    boundary, also with KASLR), a saved CR0 with PG and PE, a saved CR4 with PAE, two
    ///    page-aligned physical pages; exactly one place must match.
    /// Which one applies is decided by A's OSRELEASE (from its VMCOREINFO), not guessed.
    /// </summary>
    public static class ControlPageLayout
    {
        public const ulong HeadOffsetX86_64Before614 = 0x830;
        public const ulong HeadOffsetI386 = 0x81c;

        private const int PageSize = 4096;
        private const ulong Cr0PeAndPg = 0x80000001;
        private const ulong Cr4Pae = 1 << 5;
        private const ulong OneGiBMask = (1UL << 30) - 1;
        // The direct map is in the upper canonical half (0xffff888000000000 with 4 levels,
        // 0xff11000000000000 with 5, lower with KASLR): at least 0xff00000000000000.
        private const ulong DirectMapFloor = 0xff00000000000000;
        // Word offsets inside the data block, from kexec_va_control_page.
        private const int SavedCr0 = -24, SavedCr4 = -8, TablePage = 8, SwapPage = 16, BackupPagesMap = 24;

        /// <summary>True for an OSRELEASE of 6.14 or later ("6.14.0", "7.3.4+deb13-amd64").</summary>
        public static bool DataFollowsCode(string? osRelease)
        {
            if (string.IsNullOrEmpty(osRelease)) return false;
            string[] parts = osRelease!.Split('.');
            if (parts.Length < 2 || !NumberParser.TryParseDecimal(parts[0], out int major)) return false;
            int n = 0;
            while (n < parts[1].Length && char.IsDigit(parts[1][n])) n++;
            if (n == 0 || !NumberParser.TryParseDecimal(parts[1].Substring(0, n), out int minor)) return false;
            return major > 6 || major == 6 && minor >= 14;
        }

        /// <summary>The offset of image->head in <paramref name="page"/>, A's control page at physical <paramref name="control"/>.</summary>
        public static ulong HeadOffset(ReadOnlySpan<byte> page, ulong control, bool i386, string? osRelease)
        {
            if (i386) return HeadOffsetI386;
            if (!DataFollowsCode(osRelease)) return HeadOffsetX86_64Before614;
            if (page.Length != PageSize) throw new ArgumentException("a control page is 4096 bytes");
            int found = -1, matches = 0;
            for (int at = -SavedCr0; at + BackupPagesMap + 8 <= PageSize; at += 8)
            {
                ulong va = Word(page, at);
                if (va < DirectMapFloor || (va & OneGiBMask) != (control & OneGiBMask)) continue;
                if ((Word(page, at + SavedCr0) & Cr0PeAndPg) != Cr0PeAndPg || (Word(page, at + SavedCr4) & Cr4Pae) == 0) continue;
                if (!IsPage(Word(page, at + TablePage)) || !IsPage(Word(page, at + SwapPage))) continue;
                found = at;
                matches++;
            }
            if (matches != 1)
                throw new DumpFormatException(matches == 0
                    ? $"kernel A ({osRelease}) keeps relocate_kernel's data after its code, and A's control page 0x{control:x} holds no such data block (kexec_va_control_page, page table, swap page)"
                    : $"A's control page 0x{control:x} holds {matches} places that look like relocate_kernel's data block; cannot tell which one is A's");
            return (ulong)(found + BackupPagesMap);
        }

        private static ulong Word(ReadOnlySpan<byte> page, int at) => BinaryPrimitives.ReadUInt64LittleEndian(page.Slice(at, 8));

        private static bool IsPage(ulong pa) => pa != 0 && (pa & (PageSize - 1)) == 0 && pa < 1UL << 52;
    }
}
