using System;
using System.Linq;
using Common.Elf;
using Common.Memory;
using Common.Platform;
using Common.Vmcore;

namespace KRestore.Target
{
    /// <summary>
    /// What the target holds: the other kernel's RAM (the PT_LOADs of its ELF core header, as
    /// /proc/vmcore shows them, which are exactly the ranges /dev/oldmem lets through), and what
    /// machine it is, when the core says so.
    /// </summary>
    internal sealed class TargetMemory
    {
        private TargetMemory(RangeSet ram, string source, int? pageSize, string? osRelease, ushort? machine)
        {
            Ram = ram;
            Source = source;
            PageSize = pageSize;
            OsRelease = osRelease;
            Machine = machine;
        }

        public RangeSet Ram { get; }
        /// <summary>Where the ranges came from, for messages.</summary>
        public string Source { get; }
        public int? PageSize { get; }
        public string? OsRelease { get; }
        public ushort? Machine { get; }

        /// <summary>
        /// RAM given on the command line: the target is memory of a kernel of the running
        /// machine's architecture (a jump or capture kernel runs on the machine it restores).
        /// </summary>
        public static TargetMemory FromRanges(RangeSet ranges) =>
            new TargetMemory(ranges, "--target-ranges", null, null,
                LinuxSystem.Architecture == CpuArchitecture.X86_64 ? ElfConstants.MachineX86_64 : ElfConstants.MachineI386);

        /// <summary>Reads the program headers and notes of an ELF core (only those: /proc/vmcore may be large).</summary>
        public static TargetMemory FromCore(string path)
        {
            ElfCoreFile core = ElfCoreFile.Read(path);
            var ram = new RangeSet(core.Loads
                .Where(p => p.MemorySize > 0 && p.PhysicalAddress + p.MemorySize > p.PhysicalAddress)
                .Select(p => new PhysicalRange(p.PhysicalAddress, p.PhysicalAddress + p.MemorySize)));
            if (ram.IsEmpty) throw new ElfFormatException($"{path} has no PT_LOAD: it describes no memory of the other kernel");
            VmcoreInfo? info = null;
            try { info = core.ReadVmcoreInfo(); }
            catch (FormatException e) { throw new ElfFormatException($"{path}: VMCOREINFO: {e.Message}"); }
            int? pageSize = null;
            if (info != null && info.Get("PAGESIZE") != null)
            {
                try { pageSize = info.PageSize; }
                catch (FormatException e) { throw new ElfFormatException($"{path}: {e.Message}"); }
            }
            return new TargetMemory(ram, path, pageSize, info?.OsRelease, core.Header.Machine);
        }
    }
}
