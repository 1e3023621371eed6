using System.Collections.Generic;
using System.IO;
using System.Text;
using Kexec.Model;
using Kexec.Purgatory;
using ToolHost.Output;

namespace Kexec.Output
{
    /// <summary>What --dry-run prints: the image exactly as it would go to kexec_load, as text or JSON.</summary>
    internal static class PlanPrinter
    {
        public static void Print(TextWriter output, KexecImage image, uint archFlags, bool json)
        {
            uint flags = (uint)image.Flags | archFlags;
            if (json)
            {
                var w = new JsonWriter().BeginObject()
                    .Property("syscall", "kexec_load")
                    .Property("loader", image.LoaderName)
                    .Property("flags", flags)
                    .BeginArray("flagNames");
                foreach (string f in FlagNames(image.Flags)) w.Value(f);
                w.EndArray()
                    .Property("entry", image.Entry)
                    .Property("kernelEntry", image.KernelEntry)
                    .Property("commandLine", image.CommandLine)
                    .BeginArray("segments");
                foreach (var s in image.SortedSegments)
                {
                    w.BeginObject()
                        .Property("role", s.Role)
                        .Property("mem", s.Destination)
                        .Property("memsz", s.MemorySize)
                        .Property("bufsz", (ulong)s.Buffer.Length)
                        .Property("verified", s.Verified)
                        // A jump-back load's "preserve" ranges carry no bytes and can be GiBs of
                        // memsz: hashing their zeros took 15-20 s, and nothing checks them.
                        .Property("sha256", s.Verified || s.Buffer.Length > 0 ? Hex(SegmentHasher.Hash(s)) : null)
                        .EndObject();
                }
                w.EndArray().BeginArray("notes");
                foreach (string n in image.Notes) w.Value(n);
                w.EndArray().EndObject();
                output.WriteLine(w.ToString());
                return;
            }
            output.WriteLine($"loader:       {image.LoaderName}");
            output.WriteLine($"flags:        0x{flags:x8} ({string.Join(", ", FlagNames(image.Flags))})");
            output.WriteLine($"entry:        0x{image.Entry:x}{(image.Entry != image.KernelEntry ? $" (purgatory; kernel entry 0x{image.KernelEntry:x})" : "")}");
            output.WriteLine($"command line: \"{image.CommandLine}\"");
            output.WriteLine($"segments:     {image.Segments.Count}");
            output.WriteLine("  role         start              end (exclusive)    memsz        bufsz        sha256");
            foreach (var s in image.SortedSegments)
                output.WriteLine($"  {s.Role,-12} 0x{s.Destination:x16} 0x{s.End:x16} 0x{s.MemorySize:x10} 0x{s.Buffer.Length:x10} {(s.Verified ? Hex(SegmentHasher.Hash(s)).Substring(0, 16) : "-")}");
            foreach (string n in image.Notes) output.WriteLine($"note: {n}");
        }

        public static IEnumerable<string> FlagNames(KexecFlags flags)
        {
            if ((flags & KexecFlags.OnCrash) != 0) yield return "KEXEC_ON_CRASH";
            if ((flags & KexecFlags.PreserveContext) != 0) yield return "KEXEC_PRESERVE_CONTEXT";
            if (flags == KexecFlags.None) yield return "none";
        }

        public static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) sb.Append(b.ToString("x2"));
            return sb.ToString();
        }
    }
}
