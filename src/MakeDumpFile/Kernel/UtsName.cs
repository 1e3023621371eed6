using System;
using System.Text;
using MakeDumpFile.Kernel;

namespace MakeDumpFile.Output
{
    /// <summary>The dumped kernel's struct new_utsname (init_uts_ns.name), for the kdump header.</summary>
    internal static class UtsName
    {
        /// <summary>new_utsname's machine field.</summary>
        public const int MachineField = 4;

        /// <summary>The dumped kernel's utsname; "Linux", its release and <paramref name="machine"/> where the kernel cannot say.</summary>
        public static string[] Read(KernelImage? kernel, string machine)
        {
            var result = new[] { "Linux", "", "", "", machine, "" };
            if (kernel == null) return result;
            result[2] = kernel.Info.OsRelease ?? "";
            ulong? ns = kernel.Info.Symbol("init_uts_ns");
            if (ns == null) return result;
            // OFFSET(uts_namespace.name) is exported since 4.x; before it the name followed a kref.
            long offset = kernel.Info.Offset("uts_namespace", "name") ?? 8;
            var raw = new byte[6 * 65];
            if (!kernel.Translator.TryReadVirtual(ns.Value + (ulong)offset, raw)) return result;
            var fields = new string[6];
            for (int i = 0; i < 6; i++)
            {
                int len = 0;
                while (len < 65 && raw[i * 65 + len] != 0) len++;
                fields[i] = Encoding.ASCII.GetString(raw, i * 65, len);
            }
            // Only trust it when it names the release VMCOREINFO names.
            if (fields[0] == "Linux" && (kernel.Info.OsRelease == null || fields[2] == kernel.Info.OsRelease)) return fields;
            return result;
        }
    }
}
