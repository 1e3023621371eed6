using System.Collections.Generic;
using Common.Memory;
using Kexec.Memory;
using Kexec.Model;
using Kexec.Planning;

namespace Kexec.Loaders
{
    /// <summary>
    /// The image kernel B loads to return to kernel A: entry = A's return address, flag
    /// KEXEC_PRESERVE_CONTEXT. kexec-tools passes one segment with memsz 0, which 6.12's
    /// kimage_is_destination_range() turns into "every page is a destination" (mem + 0 - 1
    /// wraps) so control pages cannot be allocated (native/README.md, patch 1). We pass one real page
    /// of this kernel's own RAM instead: a well-formed segment that does not depend on how
    /// any kernel treats memsz 0, and that costs nothing, since preserve-context swaps it back
    /// on return. It holds a stop loop (cli; hlt; jmp) should anything ever jump there.
    /// The entry is A's resume point itself, not code of ours: B's relocate_kernel enters it
    /// with a call, so B's re-entry point is the word on top of the stack there, which is
    /// where A takes it from in both x86_64 kjump conventions (6.12 reads 0(%rsp); 6.14 on,
    /// commit 2cacf7f23a02, pops it) and on i386; A and B may even run different ones.
    /// </summary>
    internal static class JumpBackHelper
    {
        public const string Name = "jump-back-helper";

        /// <summary>cli; hlt; jmp short -3 (back to hlt).</summary>
        private static readonly byte[] StopLoop = { 0xfa, 0xf4, 0xeb, 0xfd };

        /// <param name="ram">The running kernel's RAM; the page goes above 1 MiB, below 4 GiB, inside [memMin, memMax].</param>
        public static KexecImage Build(IReadOnlyList<MemoryRange> ram, ulong memMin, ulong memMax, ulong entry)
        {
            var allowed = ram.ToRangeSet(MemoryType.Ram);
            allowed.Remove(0, LoadContext.LowMemoryEnd);
            allowed.Clip(memMin, PhysicalRange.ExclusiveEnd(memMax));
            if (allowed.IsEmpty)
                throw new KexecException($"no usable RAM between 0x{memMin:x} and 0x{memMax:x} for the helper page");
            var page = new byte[SegmentPlanner.PageSize];
            StopLoop.CopyTo(page, 0);
            var seg = new SegmentPlanner(allowed).Place("helper", page, SegmentPlanner.PageSize, SegmentPlanner.PageSize, 0, 0xffffffffUL, topDown: true);
            seg.Verified = false;
            var image = new KexecImage(Name, LoadKind.JumpBack.Flags())
            {
                Entry = entry,
                KernelEntry = entry,
                CommandLine = "",
                EntryInOtherKernel = true,
            };
            image.Segments.Add(seg);
            image.Notes.Add("one real page instead of kexec-tools' memsz=0 segment (see kexec-vs-kexec-tools.md)");
            return image;
        }
    }
}
