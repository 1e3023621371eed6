using System;
using System.Collections.Generic;
using Common.Dwarf;
using Common.Elf;
using Common.DumpFormats;
using MakeDumpFile.Cli;
using MakeDumpFile.Debuginfo;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;

namespace MakeDumpFile.Erasing
{
    /// <summary>--config FILTERFILE with -x VMLINUX: the stretches a dump of this kernel erases, resolved once before the writing.</summary>
    internal static class FilterSetup
    {
        public static EraseRanges? Resolve(MakeDumpFileOptions o, KernelImage? kernel, Messages m)
        {
            if (o.FilterConfig == null) return null;
            if (kernel == null)
                throw new KernelDebugInfoException($"--config {o.FilterConfig}: the dumped kernel's page tables are needed to find what to erase, and its VMCOREINFO gives none");
            FilterConfig config = FilterConfig.Read(o.FilterConfig);
            foreach (string module in config.SkippedModules)
                m.ErrorLine($"--config {o.FilterConfig}: section [{module}] skipped: this makedumpfile reads no module debug information");
            if (config.Error != null) m.ErrorLine($"--config {o.FilterConfig}: {config.Error}");
            try
            {
                using KernelDebugInfo k = KernelDebugInfo.Open(o.Vmlinux!, Array.Empty<string>(), everyVariableAndStruct: true);
                var resolver = new EraseResolver(k, new DumpedKernelMemory(kernel), text => m.ErrorLine($"--config {o.FilterConfig}: {text}"));
                return resolver.Resolve(config);
            }
            catch (Exception e) when (e is ElfFormatException || e is DwarfFormatException || e is DumpFormatException)
            {
                throw new KernelDebugInfoException($"-x {o.Vmlinux}: {e.Message}");
            }
        }

        /// <summary>The ERASEINFO note 1.7.2 appends to an ELF dump's notes (its desc: the erase information text).</summary>
        public static byte[] WithEraseInfoNote(byte[] notes, byte[] eraseInfo)
        {
            if (eraseInfo.Length == 0) return notes;
            var note = new ElfNote("ERASEINFO", 0, eraseInfo);
            var result = new byte[notes.Length + note.EncodedSize];
            notes.CopyTo(result, 0);
            note.Write(result.AsSpan(notes.Length));
            return result;
        }
    }
}
