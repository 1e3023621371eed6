using Bench.Build;
using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.KernelRules
{
    /// <summary>
    /// Issue 12, "The kernel patch", items 3 and 4, in a kernel B entered by a jump: the ELF core
    /// header segment reserved whole when B has it in its RAM (patch 3), and /dev/oldmem writable
    /// there (patch 6). The read-only side is in
    /// KdumpTests. The rules are in native/README.md, patches 3 and 6.
    /// </summary>
    public class JumpTargetMemoryTests
    {
        // The seed's --mem-min: A's VMCOREINFO note (2-3 MiB) lies in B's range, so our kexec
        // copies it into the header segment after the program headers, past the first page.
        private const string Load = "--load-jump-back " + SecondKernel.GuestKernelPath +
            " --mem-min=0x100000 --mem-max=0x5ffffff --elf64-core-headers --initrd=" + SecondKernel.GuestInitrdPath;
        // 256 MiB: A's RAM, outside B's range, so inside a PT_LOAD of B's header.
        private const ulong APage = 0x10000000;

        [Fact]
        public void BReservesTheWholeHeaderSegmentAndWritesAsMemory()
        {
            ulong freePage = APage / 4096;
            var b = new SecondKernel
            {
                WithTools = false,
                Script = $@"
step b-cmdline cat /proc/cmdline
step b-reserved sh -c 'dmesg | grep ""Reserved ELF core""'
step b-vmcoreinfo sh -c 'head -c 1048576 /proc/vmcore | grep -a -o ""OSRELEASE=[0-9][^[:space:]]*"" | head -1'
step b-oldmem-log sh -c 'dmesg | grep oldmem; head -c 512 /proc/vmcore | od -An -tx8'
step b-oldmem-read dd if=/dev/oldmem of=/tmp/p bs=4096 count=1 skip={freePage}
step b-oldmem-write dd if=/tmp/p of=/dev/oldmem bs=4096 count=1 seek={freePage} conv=notrunc
",
            };
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "jump-target-memory",
                // A's kernel at 16 MiB, as in SeedJumpCommandTests.
                ExtraAppend = "nokaslr",
                Timeout = System.TimeSpan.FromMinutes(4),
                Script = $@"
base='console=ttyS0 panic=-1 loglevel=4'
step a-plan sh -c ""kexec {Load} --append='$base' --dry-run --json > /tmp/plan.json""
hdr=$(grep -o 'elfcorehdr=[0-9]*K@[0-9]*K' /tmp/plan.json | head -1)
hdr=${{hdr#elfcorehdr=}}
# B gets the header's pages as RAM (as kexec-tools' memmap= may give it).
extra=""memmap=$hdr""
step a-plan-again sh -c ""kexec {Load} --append='$base $extra' --dry-run --json | grep -o 'elfcorehdr=[0-9]*K@[0-9]*K' | head -1""
value a-elfcorehdr ""$hdr""
step a-load kexec {Load} --append=""$base $extra""
step a-jump kexec -e
",
                Customize = b.AddTo,
            });
            Assert.Equal(0, log.GetStep("a-plan").ExitCode);
            string hdr = log.Values["a-elfcorehdr"];
            string[] sizeAt = hdr.Split('@');
            // More than a page: header and copied note do not fit one.
            Assert.True(ulong.Parse(sizeAt[0].TrimEnd('K')) > 4, hdr);
            // The longer command line did not move the header.
            Assert.Equal("elfcorehdr=" + hdr, log.GetStep("a-plan-again").Text.Trim());
            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            Assert.Equal(2, log.Boots.Count);
            Assert.Contains("elfcorehdr=" + hdr, log.GetStep("b-cmdline").Text);
            Assert.Contains("memmap=" + hdr, log.GetStep("b-cmdline").Text);
            // Patch 3: the whole segment, not only the program headers' page.
            ulong sizeBytes = ulong.Parse(sizeAt[0].TrimEnd('K')) * 1024;
            Assert.Contains($"Reserved ELF core header in RAM at 0x{ulong.Parse(sizeAt[1].TrimEnd('K')) * 1024:x16}, {sizeBytes} bytes",
                log.GetStep("b-reserved").Text);
            // So the copied VMCOREINFO note is readable and /proc/vmcore exists.
            Assert.StartsWith("OSRELEASE=6.12.", log.GetStep("b-vmcoreinfo").Text.Trim());
            // Patch 6: B is a jump target (kexec_jump_back_entry=): A's page reads and writes.
            Assert.Contains("previous kernel's memory, up to 0x1ffe0000, read-write (kexec jump)", log.GetStep("b-oldmem-log").Text);
            Assert.Equal(0, log.GetStep("b-oldmem-read").ExitCode);
            Assert.Equal(0, log.GetStep("b-oldmem-write").ExitCode);
        }

        // The BIOS ROM at the top of 4 GiB (a "Reserved" range of the firmware map) and the I/O
        // APIC's registers: B holds both in its resource tree.
        private const ulong BiosRom = 0xfffc0000;
        private const ulong IoApic = 0xfec00000;

        /// <summary>
        /// Issue 12, "/dev/oldmem ... trusts the PT_LOADs as the only guard against device memory":
        /// A's loader is given a /proc/iomem that calls the BIOS ROM and the I/O APIC System RAM, so
        /// B's ELF core header has PT_LOADs over them. B refuses both (patch 6: every page of its
        /// resource tree) while it still reads and writes A's RAM, in the "RAM buffer" padding past
        /// its own RAM (patch 5) and above it. Before patch 5's descriptor and patch 6's rule, B
        /// read the ROM through /dev/oldmem.
        /// </summary>
        /// <param name="flavour">6.12, or 7.3 with the same patches 5 and 6 (native/kexec_jump_kernel-7.3.patch).</param>
        [Theory]
        [InlineData("x86_64")]
        [InlineData(KernelBuild.X86_64_7_3)]
        public void BRefusesFirmwareAndDeviceMemoryThatAPtLoadCovers(string flavour)
        {
            string? kernel = BenchKernel.For(flavour).KernelImage;
            var b = new SecondKernel
            {
                WithTools = false,
                KernelImage = kernel,
                Script = $@"
step b-iomem sh -c 'grep -e ""RAM buffer"" -e ""^fffc0000"" -e ""^fec00000"" /proc/iomem'
step b-oldmem-log sh -c 'dmesg | grep oldmem'
step b-rom-read dd if=/dev/oldmem of=/tmp/rom bs=4096 count=1 skip={BiosRom / 4096}
step b-rom-write dd if=/dev/zero of=/dev/oldmem bs=4096 count=1 seek={BiosRom / 4096} conv=notrunc
step b-ioapic-read dd if=/dev/oldmem of=/tmp/ioapic bs=4096 count=1 skip={IoApic / 4096}
# The buffer's last page: its first ones may be B's (the header segment at the top of B's range).
buffer=$(grep -m1 'RAM buffer' /proc/iomem | cut -d' ' -f1 | cut -d- -f2)
value b-ram-buffer-end ""$buffer""
step b-ram-buffer-read dd if=/dev/oldmem of=/tmp/p bs=4096 count=1 skip=$((0x$buffer / 4096))
step b-ram-buffer-write dd if=/tmp/p of=/dev/oldmem bs=4096 count=1 seek=$((0x$buffer / 4096)) conv=notrunc
step b-ram-read dd if=/dev/oldmem of=/tmp/q bs=4096 count=1 skip={APage / 4096}
",
            };
            ConsoleLog log = Guest.Run(new GuestSpec
            {
                Name = "jump-target-device-memory-" + flavour,
                KernelImage = kernel,
                ExtraAppend = "nokaslr",
                Timeout = System.TimeSpan.FromMinutes(4),
                Script = $@"
step a-iomem sh -c 'grep -e ""^fffc0000"" -e ""^fec00000"" /proc/iomem'
# What A's loader reads as System RAM (kexec puts a PT_LOAD in B's header for each range).
sed -e 's/^fffc0000-ffffffff : .*/fffc0000-ffffffff : System RAM/'     -e 's/^fec00000-fec003ff : .*/fec00000-fec00fff : System RAM/' /proc/iomem > /tmp/iomem
step a-fake-iomem mount --bind /tmp/iomem /proc/iomem
step a-load kexec {Load} --append='console=ttyS0 panic=-1 loglevel=4'
step a-jump kexec -e
",
                Customize = b.AddTo,
            });
            // A has both ranges, and its loader took them for RAM.
            Assert.Contains("fffc0000-ffffffff : Reserved", log.GetStep("a-iomem").Text);
            Assert.Contains("fec00000-fec003ff : IOAPIC 0", log.GetStep("a-iomem").Text);
            Assert.Equal(0, log.GetStep("a-fake-iomem").ExitCode);
            Assert.Equal(0, log.GetStep("a-load").ExitCode);
            Assert.Equal(2, log.Boots.Count);
            // B holds them too, and pads its RAM with a RAM buffer that is A's RAM.
            string iomem = log.GetStep("b-iomem").Text;
            Assert.Contains("fffc0000-ffffffff : Reserved", iomem);
            Assert.Contains("fec00000-fec003ff : IOAPIC 0", iomem);
            Assert.Contains(" : RAM buffer", iomem);
            // The ROM's PT_LOAD is the highest: the device ends at 4 GiB.
            Assert.Contains("up to 0x100000000, read-write (kexec jump)", log.GetStep("b-oldmem-log").Text);
            foreach (string step in new[] { "b-rom-read", "b-rom-write", "b-ioapic-read" })
            {
                Assert.NotEqual(0, log.GetStep(step).ExitCode);
                Assert.Contains("Operation not permitted", log.GetStep(step).Text);
            }
            // A's RAM: in B's RAM buffer (above B's 96 MiB, up to the next 64 MiB) and above it.
            Assert.Equal("07ffffff", log.Values["b-ram-buffer-end"]);
            Assert.Equal(0, log.GetStep("b-ram-buffer-read").ExitCode);
            Assert.Contains("1+0 records out", log.GetStep("b-ram-buffer-write").Text);
            Assert.Equal(0, log.GetStep("b-ram-buffer-write").ExitCode);
            Assert.Equal(0, log.GetStep("b-ram-read").ExitCode);
        }
    }
}
