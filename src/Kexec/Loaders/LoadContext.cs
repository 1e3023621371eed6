using System;
using System.Collections.Generic;
using System.Linq;
using Common.Memory;
using Common.Platform;
using Kexec.Memory;
using Kexec.Model;

namespace Kexec.Loaders
{
    /// <summary>Everything a loader needs besides the kernel file: the request, memory maps, command line, initrd.</summary>
    internal sealed class LoadContext
    {
        /// <summary>Loads below 1 MiB only where the kernel asks for it (BIOS data, trampolines live there).</summary>
        public const ulong LowMemoryEnd = 0x100000;

        public LoadContext(LoadRequest request, SystemFiles files, IReadOnlyList<MemoryRange> memoryMap,
            IReadOnlyList<MemoryRange> crashRanges, IReadOnlyList<MemoryRange> currentRam, string commandLine, byte[]? initrd)
        {
            Request = request;
            Files = files;
            MemoryMap = memoryMap;
            CrashRanges = crashRanges;
            CurrentRam = currentRam;
            CommandLine = commandLine;
            Initrd = initrd;
        }

        public LoadRequest Request { get; }
        public SystemFiles Files { get; }
        public CpuArchitecture Architecture => Request.Architecture;
        public LoadKind Kind => Request.Kind;

        /// <summary>The firmware memory map (what the new kernel is told, before restrictions).</summary>
        public IReadOnlyList<MemoryRange> MemoryMap { get; }

        /// <summary>"Crash kernel" reservations of the running kernel.</summary>
        public IReadOnlyList<MemoryRange> CrashRanges { get; }

        /// <summary>System RAM as the running kernel uses it (/proc/iomem); may be empty when unreadable.</summary>
        public IReadOnlyList<MemoryRange> CurrentRam { get; }

        /// <summary>Command line for the new kernel before loader additions (elfcorehdr= etc.).</summary>
        public string CommandLine { get; }

        public byte[]? Initrd { get; }

        public ulong MemMin => Request.MemMin;
        public ulong MemMax => Request.MemMax;

        /// <summary>
        /// The one place a loader's image is made: its flags from the load kind, and for a crash
        /// load the region its segments must lie in (KimageChecks.InsideCrashRegion).
        /// </summary>
        public KexecImage NewImage(string loaderName) =>
            new KexecImage(loaderName, Kind.Flags()) { CrashRegion = Kind == LoadKind.Crash ? CrashRanges : null };

        /// <summary>Where the new image's segments may go, per load kind; never empty (throws instead).</summary>
        public RangeSet AllowedMemory()
        {
            if (MemMin > MemMax)
                throw new KexecException($"--mem-min 0x{MemMin:x} is above --mem-max 0x{MemMax:x}");
            RangeSet set;
            string what;
            if (Kind == LoadKind.Crash)
            {
                if (CrashRanges.Count == 0)
                    throw new KexecException("no crash kernel region: boot the running kernel with crashkernel=SIZE (no \"Crash kernel\" in /proc/iomem)");
                set = CrashRanges.ToRangeSet(MemoryType.CrashKernel);
                what = "in the crash kernel region";
            }
            else
            {
                set = MemoryMap.ToRangeSet(MemoryType.Ram);
                set.Remove(0, LowMemoryEnd);
                what = "above 1 MiB";
            }
            set.Clip(MemMin, PhysicalRange.ExclusiveEnd(MemMax));
            if (set.IsEmpty)
                throw new KexecException($"no usable RAM {what} between 0x{MemMin:x} and 0x{MemMax:x}");
            return set;
        }

        /// <summary>RAM below 1 MiB (page aligned inwards) from the firmware map.</summary>
        public RangeSet LowRam()
        {
            var set = new RangeSet();
            foreach (var r in MemoryMap.Where(r => r.Type == MemoryType.Ram && r.Start < LowMemoryEnd))
            {
                ulong s = Math.Max(r.Start, 0x1000UL);
                s = (s + 0xfff) & ~0xfffUL;
                ulong e = Math.Min(r.End, LowMemoryEnd) & ~0xfffUL;
                if (e > s) set.Add(s, e);
            }
            return set;
        }
    }
}
