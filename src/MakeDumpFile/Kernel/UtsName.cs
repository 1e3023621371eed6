using System;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>The dumped kernel's struct new_utsname (init_uts_ns.name): for the kdump header, and where -i checks the release.</summary>
    internal static class UtsName
    {
        /// <summary>
        /// Where the dumped kernel's utsname lies, as makedumpfile finds it for check_release():
        /// SYMBOL(system_utsname) (before 2.6.19), else SYMBOL(init_uts_ns) plus
        /// OFFSET(uts_namespace.name), or plus sizeof(int) (the kref before it) where that offset
        /// is not exported. Null when VMCOREINFO names neither.
        /// </summary>
        public static ulong? Address(VmcoreInfo info)
        {
            if (info.Symbol("system_utsname") is ulong sys) return sys;
            if (info.Symbol("init_uts_ns") is ulong ns) return ns + (ulong)(info.Offset("uts_namespace", "name") ?? 4);
            return null;
        }

        /// <summary>The dumped kernel's utsname; "Linux", its release and <paramref name="machine"/> where the kernel cannot say.</summary>
        public static string[] Read(KernelImage? kernel, string machine)
        {
            var result = new[] { "Linux", "", "", "", machine, "" };
            if (kernel == null) return result;
            result[2] = kernel.Info.OsRelease ?? "";
            ulong? at = Address(kernel.Info);
            if (at == null) return result;
            var raw = new byte[NewUtsname.Size];
            if (!kernel.Translator.TryReadVirtual(at.Value, raw)) return result;
            var fields = new string[6];
            for (int i = 0; i < 6; i++) fields[i] = Field(raw, i);
            // Only trust it when it names the release VMCOREINFO names.
            if (fields[0] == "Linux" && (kernel.Info.OsRelease == null || fields[NewUtsname.Release] == kernel.Info.OsRelease)) return fields;
            return result;
        }

        /// <summary>Field I of a raw new_utsname: its bytes up to the NUL, one character each.</summary>
        public static string Field(byte[] raw, int i)
        {
            int len = 0;
            while (len < NewUtsname.FieldLength && raw[i * NewUtsname.FieldLength + len] != 0) len++;
            var c = new char[len];
            for (int k = 0; k < len; k++) c[k] = (char)raw[i * NewUtsname.FieldLength + k];
            return new string(c);
        }
    }
}
