using System;
using System.Linq;
using Common.Memory;
using Iced.Intel;
using Kexec.Memory;
using Kexec.Model;
using Kexec.Tests.Support;
using Xunit;

namespace Kexec.Tests.JumpBack
{
    /// <summary>
    /// --load-preserve-context with the scenario's options, against a guest that kept
    /// 96M$16M free (memmap=) and one that did not.
    /// </summary>
    public class JumpBackLoadTests
    {
        private static KexecImage Load(string guest, string memMin, string memMax)
        {
            var kx = Kx.Run(guest, "--load-jump-back", BenchKernel.BzImage, "--mem-min=" + memMin, "--mem-max=" + memMax,
                "--elf64-core-headers", "--initrd=" + Repo.Data("capture-init.sh"), "--append=console=ttyS0");
            Assert.True(kx.Exit == 0, kx.Err);
            return Assert.Single(kx.Kernel.Loads);
        }

        [Fact]
        public void KernelBIsConfinedToTheRegion()
        {
            var image = Load("qemu-512M-memmap-reserved", "0x1000000", "0x6ffffff");
            Assert.Equal(KexecFlags.PreserveContext, image.Flags);
            var region = new RangeSet();
            region.Add(0x1000000, 0x7000000);
            PlanChecks.SegmentsWellFormed(image, region);

            // B's e820: RAM only below 640K and inside the region, minus the core header.
            var hdr = image.Find("elfcorehdr")!;
            var ram = new ZeroPage(image.Find("boot-params")!.Buffer).E820().Where(e => e.Type == 1).Select(e => (e.Start, e.Start + e.Size));
            var expected = new RangeSet();
            expected.Add(0x1000, 0x9fc00);
            expected.Add(0x1000000, 0x7000000);
            expected.Remove(hdr.Destination, hdr.End);
            Assert.Equal(expected.Ranges.Select(r => (r.Start, r.End)), ram);

            // Every page B may use is a segment: swapped with A's on each jump, and mapped in A's
            // kexec page tables so the second jump can re-enter B anywhere in it.
            var covered = new RangeSet();
            foreach (var s in image.Segments) covered.Add(s.Destination, s.End);
            Assert.True(covered.Contains(0x1000, 0x9f000));
            Assert.True(covered.Contains(0x1000000, 0x7000000));
            foreach (var p in image.Segments.Where(s => s.Role == "preserve"))
            {
                Assert.Empty(p.Buffer);
                Assert.False(p.Verified);
            }
        }

        [Fact]
        public void CoreHeaderDescribesKernelAsMemoryOutsideTheRegion()
        {
            var image = Load("qemu-512M-memmap-reserved", "0x1000000", "0x6ffffff");
            var core = new CoreHeader(image.Find("elfcorehdr")!.Buffer);
            Assert.Equal(new[] { (0x100000UL, 0x1000000UL), (0x7000000UL, 0x1ffe0000UL) },
                core.RamLoads.Select(l => (l.PhysicalAddress, l.PhysicalAddress + l.MemorySize)));
            var hdr = image.Find("elfcorehdr")!;
            Assert.Contains($"elfcorehdr={hdr.MemorySize >> 10}K@{hdr.Destination >> 10}K", image.CommandLine);
            Assert.Equal(2, core.Notes.Count()); // one CPU's crash notes and VMCOREINFO
        }

        [Fact]
        public void PurgatoryWritesTheJumpBackEntryRightAfterTheCommandLine()
        {
            var image = Load("qemu-512M-memmap-reserved", "0x1000000", "0x6ffffff");
            var bp = image.Find("boot-params")!;
            ulong cmdlineEnd = bp.Destination + 4096 + (ulong)image.CommandLine.Length;
            Assert.Equal(image.CommandLine, ZeroPage.CString(bp.Buffer, 4096));
            Assert.True((ulong)bp.Buffer.Length >= 4096 + (ulong)image.CommandLine.Length + 1 + 41, "room for the entry");

            var purgatory = image.Find("purgatory")!;
            var instructions = Disassembly.Decode64(purgatory, image.Entry);
            // A's resume point: the word on top of the stack in either kjump convention.
            Assert.Equal(Register.RSP, instructions[0].MemoryBase);
            Assert.Equal(0, (long)instructions[0].MemoryDisplacement64);
            Assert.Contains(instructions, i => i.Code == Code.Mov_r64_imm64 && i.Op0Register == Register.RDI && i.GetImmediate(1) == cmdlineEnd);
        }

        [Fact]
        public void WithoutAReservationEveryPageKernelBMayUseIsASwappedSegment()
        {
            using var guest = new ReadableKcoreGuest("qemu-512M-crashkernel");
            var image = Load(guest.Root, "0x100000", "0x5ffffff");
            var hdr = image.Find("elfcorehdr")!;
            var covered = new RangeSet();
            foreach (var s in image.Segments) covered.Add(s.Destination, s.End);
            var ram = new ZeroPage(image.Find("boot-params")!.Buffer).E820().Where(e => e.Type == 1);
            foreach (var (start, size, _) in ram)
            {
                ulong s = (start + 4095) & ~4095UL, e = (start + size) & ~4095UL;
                Assert.True(covered.Contains(s, e), $"B's RAM 0x{s:x}-0x{e:x} is not covered by segments");
            }
            PlanChecks.SegmentsWellFormed(image);
            Assert.True(image.Segments.Count(s => s.Role == "preserve") >= 2);
        }

        [Fact]
        public void HelperLoadIsOneRealPageWithThePreserveFlag()
        {
            var kx = Kx.Run("qemu-512M-memmap-reserved", "--load-jump-back-helper=0x80000f2", "--dry-run", "--json");
            var plan = kx.Json();
            Assert.Equal(0x80000f2UL, plan.GetProperty("entry").GetUInt64());
            Assert.Equal((62u << 16) | 2u, plan.GetProperty("flags").GetUInt32());
            var seg = plan.GetProperty("segments").EnumerateArray().Single();
            Assert.Equal(4096UL, seg.GetProperty("memsz").GetUInt64());
            Assert.Equal(4096UL, seg.GetProperty("bufsz").GetUInt64());

            var spelled = Kx.Run("qemu-512M-memmap-reserved", "--load-jump-back-helper", "--entry=0x80000f2");
            var image = Assert.Single(spelled.Kernel.Loads);
            Assert.Equal(0x80000f2UL, image.Entry);
            Assert.Equal(KexecFlags.PreserveContext, image.Flags);
            // In this kernel's own RAM (not the memmap= region, which the running kernel does not own).
            var s0 = image.Segments.Single();
            Assert.True(s0.Destination >= 0x7000000 || s0.End <= 0x1000000);
        }

        [Fact]
        public void RegionWiderThanHalfOfRamIsRefusedWithAHint()
        {
            using var guest = new ReadableKcoreGuest("qemu-512M-crashkernel");
            var kx = Kx.Run(guest.Root, "--load-preserve-context", BenchKernel.BzImage, "--mem-min=0x100000", "--mem-max=0x1bffffff");
            kx.AssertRefused("more than half of the running kernel");
        }

        [Fact]
        public void NotesInBsRangeTravelInTheHeaderSegment()
        {
            // The seed's --mem-min=0x100000: A's VMCOREINFO note (0x2a0000) is in B's RAM, where
            // B's /proc/vmcore cannot read it (ioremap refuses RAM: "vmcore not initialized").
            using var guest = new ReadableKcoreGuest("qemu-512M-crashkernel");
            var image = Load(guest.Root, "0x100000", "0x5ffffff");
            var hdr = image.Find("elfcorehdr")!;
            var core = new CoreHeader(hdr.Buffer);
            var notes = core.Notes.ToList();
            Assert.Equal(3, notes.Count);
            // The CPUs' crash notes lie outside B's range: read where they are.
            Assert.Equal(new[] { 0x1f422400UL, 0x1f522400UL }, notes.Take(2).Select(n => n.PhysicalAddress));
            var copy = notes[2];
            Assert.True(copy.PhysicalAddress >= hdr.Destination && copy.PhysicalAddress + copy.FileSize <= hdr.Destination + (ulong)hdr.Buffer.Length,
                $"VMCOREINFO's PT_NOTE (0x{copy.PhysicalAddress:x}) is not inside the header segment");
            Assert.Equal(copy.PhysicalAddress, copy.Offset);
            Assert.Equal((ulong)guest.NoteBytes.Length, copy.FileSize);
            Assert.Equal(guest.NoteBytes, hdr.Buffer.AsSpan((int)(copy.PhysicalAddress - hdr.Destination), (int)copy.FileSize).ToArray());
            // B's e820 leaves the whole header segment out of its RAM.
            var ram = new ZeroPage(image.Find("boot-params")!.Buffer).E820().Where(e => e.Type == 1);
            Assert.DoesNotContain(ram, e => e.Start < hdr.End && hdr.Destination < e.Start + e.Size);
            // Header and copied note need more than one page, and elfcorehdr=SIZE@ADDR gives B all of
            // them: a B that has the segment in its RAM anyway (memmap=) reserves it whole (patch 3).
            Assert.True(copy.PhysicalAddress + copy.FileSize > hdr.Destination + 4096);
            Assert.True(hdr.MemorySize >= copy.PhysicalAddress + copy.FileSize - hdr.Destination);
            Assert.Contains($" elfcorehdr={hdr.MemorySize >> 10}K@{hdr.Destination >> 10}K", image.CommandLine);
        }

        [Fact]
        public void KernelTextInBsRangeGetsNoLoadAndNotesOutsideStayWhereTheyAre()
        {
            // The captured kernel's text is at 0x13400000.
            using var guest = new ReadableKcoreGuest("qemu-512M-crashkernel");
            var image = Load(guest.Root, "0x10000000", "0x17ffffff");
            var core = new CoreHeader(image.Find("elfcorehdr")!.Buffer);
            Assert.DoesNotContain(core.Phdrs, p => p.IsLoad && p.VirtualAddress >= 0xffffffff80000000UL);
            Assert.Contains(image.Notes, n => n.StartsWith("kernel text at 0x13400000"));
            Assert.Equal(guest.NoteAddress, core.Notes.Last().PhysicalAddress);
        }

        [Fact]
        public void NoteInBsRangeThatCannotBeReadIsRefused()
        {
            // The captured /proc/kcore holds only headers: the note cannot be copied.
            var kx = Kx.Run("qemu-512M-crashkernel", "--load-preserve-context", BenchKernel.BzImage, "--mem-min=0x100000", "--mem-max=0x5ffffff",
                "--elf64-core-headers", "--initrd=" + Repo.Data("capture-init.sh"));
            kx.AssertRefused("VMCOREINFO note at 0x2a0000 lies in the new kernel's memory and cannot be read from /proc/kcore");
        }
    }
}
