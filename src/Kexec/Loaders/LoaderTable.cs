using System.Collections.Generic;
using System.Linq;
using Kexec.Loaders.BzImage32;
using Kexec.Loaders.BzImage64;
using Kexec.Loaders.Elf;

namespace Kexec.Loaders
{
    /// <summary>The file types kexec knows, tried in order unless -t names one (kexec-tools' file_type table).</summary>
    internal static class LoaderTable
    {
        public static readonly IReadOnlyList<IImageLoader> All = new IImageLoader[]
        {
            new BzImage64Loader(),
            new BzImage32Loader(),
            new ElfVmlinuxLoader(),
            new ElfExecutableLoader(),
        };

        public static IImageLoader Choose(byte[] file, LoadContext context)
        {
            string? type = context.Request.Type;
            if (type != null)
            {
                var named = All.FirstOrDefault(l => l.Name == type || Aliases(l).Contains(type));
                if (named == null)
                    throw new KexecException($"unknown type '{type}' (known: {string.Join(", ", All.Select(l => l.Name))})");
                return named;
            }
            // --entry-32bit and --args-none narrow the choice the way kexec-tools' options do.
            foreach (var loader in All)
            {
                if (context.Request.ArgsNone && !(loader is ElfExecutableLoader)) continue;
                if (loader.Probe(file, context)) return loader;
            }
            string name = context.Request.KernelPath ?? "kernel";
            if (Elf.ElfImage.LooksLikeElf(file) && !context.Request.ArgsNone)
                throw new KexecException($"{name}: an ELF file that is not a Linux kernel for this machine (use --args-none to run an ELF executable)");
            throw new KexecException($"{name}: cannot determine the file type: not a bzImage or an ELF kernel");
        }

        private static string[] Aliases(IImageLoader l) => l.Name switch
        {
            "bzImage64" => new[] { "bzImage", "bzimage64" },
            "bzImage32" => new[] { "bzimage32" },
            "elf-vmlinux" => new[] { "elf-x86_64", "elf-x86", "vmlinux" },
            _ => new string[0],
        };
    }
}
