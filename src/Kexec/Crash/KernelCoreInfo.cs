using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Common.Elf;
using Common.Numbers;
using Kexec.Memory;

namespace Kexec.Crash
{
    /// <summary>
    /// What an ELF core header of the running kernel needs: per-CPU crash notes
    /// (/sys/devices/system/cpu/cpuN/crash_notes), the VMCOREINFO note (/sys/kernel/vmcoreinfo),
    /// and from /proc/kcore the direct-map offset (randomised with CONFIG_RANDOMIZE_MEMORY) and
    /// the kernel text mapping.
    /// </summary>
    internal sealed class KernelCoreInfo
    {
        /// <summary>PAGE_OFFSET without KASLR (Documentation/arch/x86/x86_64/mm.rst, 4-level paging).</summary>
        public const ulong DefaultPageOffset = 0xffff888000000000;

        /// <summary>__START_KERNEL_map (arch/x86/include/asm/page_64_types.h).</summary>
        public const ulong KernelTextMapBase = 0xffffffff80000000;

        public const string VmcoreInfoName = "VMCOREINFO";

        public List<(ulong Address, ulong Size)> Notes { get; } = new List<(ulong, ulong)>();

        /// <summary>The same note areas with what each is: CPU crash notes in CPU order, then VMCOREINFO.</summary>
        public List<CoreNote> NoteAreas { get; } = new List<CoreNote>();

        // /proc/kcore's KCORE_RAM loads: physical start, size, file offset (fs/proc/kcore.c).
        private readonly List<(ulong Physical, ulong Size, ulong Offset)> _ramLoads = new List<(ulong, ulong, ulong)>();

        public ulong PageOffset { get; private set; } = DefaultPageOffset;

        public bool PageOffsetFromKcore { get; private set; }

        /// <summary>Kernel text mapping (virtual, physical, size) from /proc/kcore, if present.</summary>
        public (ulong Virtual, ulong Physical, ulong Size)? KernelText { get; private set; }

        public static KernelCoreInfo Read(SystemFiles files)
        {
            var info = new KernelCoreInfo();
            foreach (string dir in SortedCpuDirs(files))
            {
                string cpu = "/sys/devices/system/cpu/" + System.IO.Path.GetFileName(dir);
                string? addr = files.ReadText(cpu + "/crash_notes");
                string? size = files.ReadText(cpu + "/crash_notes_size");
                if (addr == null || !NumberParser.TryParseHex(addr, out ulong a) || a == 0) continue;
                ulong sz = 0;
                if (size == null || !NumberParser.TryParse(size, out sz) || sz == 0) sz = 4096;
                info.Notes.Add((a, sz));
                info.NoteAreas.Add(new CoreNote("crash notes of " + System.IO.Path.GetFileName(dir), a, sz));
            }
            string? vmcoreinfo = files.ReadText("/sys/kernel/vmcoreinfo");
            if (vmcoreinfo != null)
            {
                string[] parts = vmcoreinfo.Trim().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && NumberParser.TryParseHex(parts[0], out ulong a) && NumberParser.TryParseHex(parts[1], out ulong sz) && a != 0)
                {
                    info.Notes.Add((a, sz));
                    info.NoteAreas.Add(new CoreNote(VmcoreInfoName, a, sz));
                }
            }
            info.ReadKcore(files);
            return info;
        }

        private static IEnumerable<string> SortedCpuDirs(SystemFiles files)
        {
            var dirs = new List<(int, string)>();
            foreach (string d in files.ListDirectories("/sys/devices/system/cpu"))
            {
                string name = System.IO.Path.GetFileName(d);
                if (name.StartsWith("cpu", StringComparison.Ordinal) && NumberParser.TryParseDecimal(name.Substring(3), out int n))
                    dirs.Add((n, d));
            }
            dirs.Sort((x, y) => x.Item1.CompareTo(y.Item1));
            foreach (var d in dirs) yield return d.Item2;
        }

        /// <summary>fs/proc/kcore.c gives KCORE_RAM and KCORE_TEXT loads a real p_paddr; others get -1.</summary>
        private void ReadKcore(SystemFiles files)
        {
            byte[]? head = files.ReadPrefix("/proc/kcore", 64 * 1024);
            if (head == null || !ElfHeader.HasMagic(head) || head.Length < 64) return;
            ElfHeader eh;
            try
            {
                eh = ElfHeader.Parse(head);
            }
            catch (ElfFormatException)
            {
                return;
            }
            if (!eh.Is64) return;
            int phsz = ElfClass.Elf64.ProgramHeaderSize;
            for (int i = 0; i < eh.ProgramHeaderCount; i++)
            {
                ulong off = eh.ProgramHeaderOffset + (ulong)(i * phsz);
                if (off > (ulong)head.Length || (ulong)phsz > (ulong)head.Length - off) break;
                var ph = ProgramHeader.Parse(head.AsSpan((int)off), ElfClass.Elf64);
                if (!ph.IsLoad || ph.PhysicalAddress == ulong.MaxValue) continue;
                if (ph.VirtualAddress < KernelTextMapBase) _ramLoads.Add((ph.PhysicalAddress, ph.MemorySize, ph.Offset));
                if (ph.VirtualAddress >= KernelTextMapBase)
                {
                    if (KernelText == null) KernelText = (ph.VirtualAddress, ph.PhysicalAddress, ph.MemorySize);
                }
                else if (!PageOffsetFromKcore && ph.VirtualAddress >= ph.PhysicalAddress)
                {
                    PageOffset = ph.VirtualAddress - ph.PhysicalAddress;
                    PageOffsetFromKcore = true;
                }
            }
        }
    
        /// <summary>
        /// Reads physical memory of the running kernel through /proc/kcore's direct-map loads;
        /// null when no load covers it or the file cannot be read there.
        /// </summary>
        public byte[]? ReadPhysical(SystemFiles files, ulong physical, int size)
        {
            foreach (var (start, length, offset) in _ramLoads)
            {
                if (physical < start || physical - start > length || (ulong)size > length - (physical - start)) continue;
                string path = files.PathOf("/proc/kcore");
                try
                {
                    using var fs = new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.Read, System.IO.FileShare.ReadWrite, 1);
                    ulong at = offset + (physical - start);
                    if (at > long.MaxValue) return null;
                    fs.Position = (long)at;
                    var buf = new byte[size];
                    int total = 0;
                    while (total < size)
                    {
                        int n = fs.Read(buf, total, size - total);
                        if (n <= 0) return null;
                        total += n;
                    }
                    return buf;
                }
                catch (System.IO.IOException) { return null; }
                catch (UnauthorizedAccessException) { return null; }
            }
            return null;
        }
    }
}
