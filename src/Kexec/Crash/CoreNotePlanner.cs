using System.Collections.Generic;
using Common.Elf;
using Common.Memory;
using Kexec.Memory;

namespace Kexec.Crash
{
    /// <summary>
    /// Decides where the new kernel reads each note of the old one. fs/proc/vmcore.c reads every
    /// PT_NOTE at init through copy_oldmem_page(), which x86 refuses for the new kernel's own RAM
    /// ("ioremap on RAM"): one such note and /proc/vmcore is "not initialized". A jump target's
    /// range may hold the old kernel's notes (with --mem-min=0x100000, VMCOREINFO's page is
    /// typically at 2-3 MiB), so those are copied into the header segment, which the new kernel
    /// reserves (native/README.md, patch 3). VMCOREINFO is fixed after boot (kernel/vmcore_info.c)
    /// so a copy made at load time stays true; the per-CPU crash notes are filled only by a panic,
    /// so in a jump they are empty and one that cannot be read is simply left out.
    /// </summary>
    internal static class CoreNotePlanner
    {
        public static List<CoreNote> Plan(KernelCoreInfo info, SystemFiles files, RangeSet newKernelMemory, List<string> planNotes)
        {
            var result = new List<CoreNote>();
            foreach (CoreNote n in info.NoteAreas)
            {
                if (!newKernelMemory.Intersects(n.Address, n.Address + n.Size))
                {
                    result.Add(n);
                    continue;
                }
                byte[]? bytes = info.ReadPhysical(files, n.Address, (int)n.Size);
                if (bytes != null && n.What == KernelCoreInfo.VmcoreInfoName && !IsVmcoreInfoNote(bytes)) bytes = null;
                if (bytes != null)
                {
                    result.Add(new CoreNote(n.What, n.Address, n.Size, bytes));
                    planNotes.Add($"{n.What} at 0x{n.Address:x} lies in the new kernel's memory: copied into the core header");
                }
                else if (n.What == KernelCoreInfo.VmcoreInfoName)
                {
                    throw new KexecException(
                        $"the running kernel's VMCOREINFO note at 0x{n.Address:x} lies in the new kernel's memory and cannot be read from /proc/kcore to copy it (CONFIG_PROC_KCORE?); choose --mem-min above it");
                }
                else
                {
                    planNotes.Add($"{n.What} at 0x{n.Address:x} lies in the new kernel's memory and cannot be read: left out (empty without a panic)");
                }
            }
            return result;
        }

        // /proc/kcore reads zeros where it cannot reach: a copy must really be the note.
        private static bool IsVmcoreInfoNote(byte[] bytes)
        {
            try
            {
                var notes = ElfNote.ParseAll(bytes);
                return notes.Count > 0 && notes[0].Name == KernelCoreInfo.VmcoreInfoName && notes[0].Descriptor.Length > 0;
            }
            catch (ElfFormatException)
            {
                return false;
            }
        }
    }
}
