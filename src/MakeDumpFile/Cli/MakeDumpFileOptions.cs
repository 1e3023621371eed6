using System.Collections.Generic;
using Common.DumpFormats.Compression;
using MakeDumpFile.Writers.Compression;

namespace MakeDumpFile.Cli
{
    /// <summary>What the command line asked for, in makedumpfile's terms.</summary>
    internal sealed class MakeDumpFileOptions
    {
        /// <summary>The dump level of the attempt being made (the first of <see cref="DumpLevels"/> until a retry).</summary>
        public int DumpLevel { get; set; }
        /// <summary>
        /// -d 11,31: the levels to try in turn; makedumpfile's create_dumpfile() starts again with
        /// the next one when the output passes -L or the disk fills up. One entry for a plain -d.
        /// </summary>
        public List<int> DumpLevels { get; } = new List<int> { 0 };
        public PageCompression Compression { get; set; } = PageCompression.None;
        /// <summary>--zlib-level, --zlib-strategy, --zstd-level (our extensions).</summary>
        public CompressionTuning Tuning { get; set; } = CompressionTuning.Default;
        public bool Elf { get; set; }
        public bool Flatten { get; set; }
        public bool Rebuild { get; set; }
        public bool Split { get; set; }
        public bool Reassemble { get; set; }
        public bool DumpDmesg { get; set; }
        public bool MemUsage { get; set; }
        public bool Force { get; set; }
        public int MessageLevel { get; set; } = ToolHost.Output.MessageLevel.Default;
        public int Threads { get; set; }
        /// <summary>--num-threads N with N &gt; 0 given (1.7.2's info->num_threads), which -E and --split refuse.</summary>
        public bool ThreadsGiven { get; set; }
        /// <summary>--check-params: check the command line as the mode would, open nothing, exit.</summary>
        public bool CheckParams { get; set; }
        /// <summary>--dry-run: everything but writing the output.</summary>
        public bool DryRun { get; set; }
        /// <summary>--partial-dmesg: with --dump-dmesg, only the log since the last clear.</summary>
        public bool PartialDmesg { get; set; }
        /// <summary>-L: the output may not grow past this many bytes (0: no limit).</summary>
        public long SizeLimit { get; set; }
        /// <summary>--work-dir: where a flattened input or a split set is rebuilt before it is read (default $TMPDIR).</summary>
        public string? WorkDir { get; set; }
        /// <summary>--vtop: a kernel virtual address to translate and print before the dump (null: none, as 1.7.2 takes 0).</summary>
        public ulong? Vtop { get; set; }
        /// <summary>
        /// --cyclic-buffer (KiB): our bitmaps stay whole in memory whatever it is; given, -E decides
        /// frames above max_mapnr as 1.7.2's cyclic mode does (Filtering/ElfPageRule).
        /// </summary>
        public int? CyclicBufferKiB { get; set; }
        /// <summary>-i: the file the dumped kernel's VMCOREINFO is read from, before the dump's note (Kernel/VmcoreInfoFile).</summary>
        public string? VmcoreInfoFile { get; set; }
        /// <summary>-x: the dumped kernel's vmlinux, whose DWARF gives its VMCOREINFO before the dump's note (Debuginfo/).</summary>
        public string? Vmlinux { get; set; }
        /// <summary>--config: the filter file naming kernel data to erase from the dump (with -x; Erasing/).</summary>
        public string? FilterConfig { get; set; }
        /// <summary>-g: write the VMCOREINFO of <see cref="Vmlinux"/> to this file and do nothing else.</summary>
        public string? GenerateVmcoreInfo { get; set; }
        /// <summary>--jump-back-entry (our extension): kernel A's resume point for the KEXEC_JUMP note.</summary>
        public ulong? JumpBackEntry { get; set; }
        /// <summary>Where kexec_jump_back_entry= is looked for when neither the option nor the input gives it.</summary>
        public string CmdlinePath { get; set; } = Jump.JumpBackEntry.ProcCmdline;
        public List<string> Paths { get; } = new List<string>();
    }
}
