using System;
using System.Buffers.Binary;
using System.IO;
using Common.Elf;

namespace Kexec.Tests.Support
{
    /// <summary>
    /// A copy of a captured guest whose /proc/kcore can be read at the VMCOREINFO note: the
    /// captured file is only the 8 KiB of headers (its RAM loads sit at offsets near 16 TiB), so
    /// the direct-map RAM loads are moved to small offsets and the note's bytes written where its
    /// physical address falls (a sparse file). What kexec copies must be these bytes.
    /// </summary>
    internal sealed class ReadableKcoreGuest : IDisposable
    {
        private const ulong KernelTextMapBase = 0xffffffff80000000UL;

        public ReadableKcoreGuest(string captured)
        {
            Root = Path.Combine(Path.GetTempPath(), "kexec-guest-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Copy(Repo.Data(captured), Root);
            string vmcoreinfo = File.ReadAllText(Path.Combine(Root, "sys/kernel/vmcoreinfo")).Trim();
            string[] parts = vmcoreinfo.Split(' ');
            NoteAddress = Convert.ToUInt64(parts[0], 16);
            ulong size = Convert.ToUInt64(parts[1], 16);
            // A VMCOREINFO note as kernel/vmcore_info.c lays it out, padded with zeros to its area.
            var note = new ElfNote("VMCOREINFO", 0, System.Text.Encoding.ASCII.GetBytes("OSRELEASE=6.12.117+\nPAGESIZE=4096\nSYMBOL(test-copy)=" + Guid.NewGuid().ToString("N") + "\n"));
            NoteBytes = new byte[size];
            note.Write(NoteBytes);

            string kcore = Path.Combine(Root, "proc/kcore");
            byte[] head = File.ReadAllBytes(kcore);
            ElfHeader eh = ElfHeader.Parse(head);
            int phsz = ElfClass.Elf64.ProgramHeaderSize;
            ulong next = 0x10000;
            long noteOffset = -1;
            for (int i = 0; i < eh.ProgramHeaderCount; i++)
            {
                int at = (int)eh.ProgramHeaderOffset + i * phsz;
                ProgramHeader ph = ProgramHeader.Parse(head.AsSpan(at), ElfClass.Elf64);
                if (!ph.IsLoad || ph.PhysicalAddress == ulong.MaxValue || ph.VirtualAddress >= KernelTextMapBase) continue;
                ProgramHeader moved = ph with { Offset = next };
                moved.Write(head.AsSpan(at), ElfClass.Elf64);
                if (NoteAddress >= ph.PhysicalAddress && NoteAddress - ph.PhysicalAddress < ph.MemorySize)
                    noteOffset = (long)(next + (NoteAddress - ph.PhysicalAddress));
                next += (ph.MemorySize + 0xfff) & ~0xfffUL;
            }
            if (noteOffset < 0) throw new InvalidOperationException($"no RAM load of {captured}'s kcore covers 0x{NoteAddress:x}");
            using var f = new FileStream(kcore, FileMode.Create, FileAccess.Write);
            f.Write(head, 0, head.Length);
            f.Position = noteOffset;
            f.Write(NoteBytes, 0, NoteBytes.Length);
        }

        public string Root { get; }
        public ulong NoteAddress { get; }
        public byte[] NoteBytes { get; }

        private static void Copy(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (string f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
            foreach (string d in Directory.GetDirectories(from)) Copy(d, Path.Combine(to, Path.GetFileName(d)));
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
