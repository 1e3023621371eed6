using Bench.Qemu;
using Xunit;

namespace EndToEnd.Tests.KernelRules
{
    /// <summary>
    /// Issue 12, "The kernel patch", items 3 and 4, in a kernel B entered by a jump: the ELF core
    /// header segment reserved whole when B has it in its RAM (patch 3), and /dev/oldmem writable
    /// there (patch 5). The read-only side is in
    /// KdumpTests. The rules are in native/README.md, patches 3 and 5.
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
            // Patch 5: B is a jump target (kexec_jump_back_entry=): A's page reads and writes.
            Assert.Contains("previous kernel's memory, up to 0x1ffe0000, read-write (kexec jump)", log.GetStep("b-oldmem-log").Text);
            Assert.Equal(0, log.GetStep("b-oldmem-read").ExitCode);
            Assert.Equal(0, log.GetStep("b-oldmem-write").ExitCode);
        }
    }
}
