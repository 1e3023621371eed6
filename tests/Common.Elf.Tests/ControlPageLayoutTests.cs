using System;
using System.Buffers.Binary;
using Common.DumpFormats;
using Common.DumpFormats.Jump;
using Xunit;

namespace Common.Elf.Tests
{
    /// <summary>
    /// Where image->head lies in A's control page: a fixed slot up to 6.13 (x86_64: 0x830) and on
    /// i386, the word after kexec_pa_swap_page in the data block that follows the code from 6.14
    /// on (relocate_kernel_64.S of 7.3: saved_rsp, saved_cr0, saved_cr3, saved_cr4,
    /// kexec_va_control_page, kexec_pa_table_page, kexec_pa_swap_page, pa_backup_pages_map).
    /// </summary>
    public class ControlPageLayoutTests
    {
        private const ulong Control = 0x9f7a000;
        private const ulong DirectMap = 0xffff888000000000;

        /// <summary>A control page with 7.3's data block at <paramref name="dataOffset"/> and code-like bytes before it.</summary>
        private static byte[] Page73(int dataOffset, ulong head = 0x9f7c002, ulong directMap = DirectMap)
        {
            var page = new byte[4096];
            new Random(3).NextBytes(page.AsSpan(0, dataOffset));
            void Q(int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(dataOffset + at), v);
            Q(0, 0xffffc90000013e48);        // saved_rsp
            Q(8, 0x80050033);                // saved_cr0: PG, PE, ...
            Q(16, 0x2a3c000);                // saved_cr3
            Q(24, 0x3506f0);                 // saved_cr4: PAE, ...
            Q(32, directMap + Control);      // kexec_va_control_page
            Q(40, 0x9f79000);                // kexec_pa_table_page
            Q(48, 0x9f7b000);                // kexec_pa_swap_page
            Q(56, head);                     // pa_backup_pages_map
            return page;
        }

        [Theory]
        [InlineData("6.12.117+deb12-amd64", false)]
        [InlineData("6.13.9", false)]
        [InlineData("6.14.0", true)]
        [InlineData("7.3.4+bpo-amd64", true)]
        [InlineData("", false)]
        [InlineData(null, false)]
        [InlineData("garbage", false)]
        public void TheDataBlockFollowsTheCodeFrom6_14On(string? release, bool after)
            => Assert.Equal(after, ControlPageLayout.DataFollowsCode(release));

        [Theory]
        [InlineData(0x5c0)]
        [InlineData(0x710)]
        public void The7_3HeadIsTheWordAfterTheSwapPage(int dataOffset)
        {
            Assert.Equal((ulong)dataOffset + 56, ControlPageLayout.HeadOffset(Page73(dataOffset), Control, false, "7.3.4"));
            // With KASLR's randomized direct map (1 GiB aligned) too.
            Assert.Equal((ulong)dataOffset + 56, ControlPageLayout.HeadOffset(Page73(dataOffset, directMap: 0xffff9e4bc0000000), Control, false, "7.3.4"));
        }

        [Fact]
        public void OlderKernelsAndI386KeepTheirFixedSlot()
        {
            byte[] page = Page73(0x5c0);
            Assert.Equal(0x830UL, ControlPageLayout.HeadOffset(page, Control, false, "6.12.117"));
            Assert.Equal(0x81cUL, ControlPageLayout.HeadOffset(page, Control, true, "7.3.4"));
        }

        [Fact]
        public void A6_14PageWithoutTheBlockOrWithTwoIsRefused()
        {
            // Another control page's address is not this page's block.
            byte[] other = Page73(0x5c0);
            BinaryPrimitives.WriteUInt64LittleEndian(other.AsSpan(0x5c0 + 32), DirectMap + Control + 0x1000);
            Assert.Contains("holds no such data block", Assert.Throws<DumpFormatException>(() => ControlPageLayout.HeadOffset(other, Control, false, "7.3.4")).Message);
            // Paging off in the saved CR0: not relocate_kernel's saved state.
            byte[] noPaging = Page73(0x5c0);
            BinaryPrimitives.WriteUInt64LittleEndian(noPaging.AsSpan(0x5c0 + 8), 0x11);
            Assert.Throws<DumpFormatException>(() => ControlPageLayout.HeadOffset(noPaging, Control, false, "7.3.4"));
            // Two candidates: ambiguous, so nothing is guessed.
            byte[] two = Page73(0x5c0);
            Array.Copy(two, 0x5c0, two, 0x700, 64);
            Assert.Contains("2 places", Assert.Throws<DumpFormatException>(() => ControlPageLayout.HeadOffset(two, Control, false, "7.3.4")).Message);
        }
    }
}
