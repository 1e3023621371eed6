using System;
using System.Collections.Generic;
using Common.DumpFormats.Compression;
using Common.Numbers;
using MakeDumpFile.Filtering;
using MakeDumpFile.Output;
using MakeDumpFile.Writers.Compression;
using ToolHost.CommandLine;

namespace MakeDumpFile.Cli
{
    /// <summary>
    /// The getopt_long result as makedumpfile's main() reads it: the last value of a repeated
    /// option wins (the last of -c, -l, -p, -z chooses the compression, as 1.7.2's flag_compress
    /// assignments do), and a value 1.7.2 refuses while parsing is a usage error (exit 1). The
    /// combinations each mode refuses are <see cref="ParameterChecks"/>.
    /// </summary>
    internal static class MakeDumpFileCommandLine
    {
        public static MakeDumpFileOptions ToOptions(ParsedCommandLine p)
        {
            var o = new MakeDumpFileOptions();
            bool debug = false, stats = false;
            int? zlibLevel = null, zstdLevel = null;
            ZlibStrategy? strategy = null;
            foreach (ParsedCommandLine.Occurrence x in p.Occurrences)
            {
                switch (x.Option.Key)
                {
                    case "zlib": o.Compression = PageCompression.Zlib; break;
                    case "lzo": o.Compression = PageCompression.Lzo; break;
                    case "snappy": o.Compression = PageCompression.Snappy; break;
                    case "zstd": o.Compression = PageCompression.Zstd; break;
                    case "elf": o.Elf = true; break;
                    case "dump-level":
                        o.DumpLevels.Clear();
                        o.DumpLevels.AddRange(DumpLevelList(x.Value!));
                        o.DumpLevel = o.DumpLevels[0];
                        break;
                    case "flatten": o.Flatten = true; break;
                    case "rearrange": o.Rebuild = true; break;
                    case "force": o.Force = true; break;
                    case "split": o.Split = true; break;
                    case "reassemble": o.Reassemble = true; break;
                    case "dump-dmesg": o.DumpDmesg = true; break;
                    case "partial-dmesg": o.PartialDmesg = true; break;
                    case "mem-usage": o.MemUsage = true; break;
                    case "message-level": o.MessageLevel = Int(x, 0, ToolHost.Output.MessageLevel.All, "message level"); break;
                    case "num-threads":
                        // 1.7.2: num_threads = MAX(atoi(optarg), 0); 0 means the option was not given.
                        int threads = Int(x, 0, 256, "--num-threads");
                        o.Threads = threads;
                        o.ThreadsGiven = threads > 0;
                        break;
                    // 1.7.2 opens the file when the mode runs, not here (--check-params passes a missing one).
                    case "vmcoreinfo": o.VmcoreInfoFile = x.Value; break;
                    case "vmlinux": o.Vmlinux = x.Value; break;
                    case "generate-vmcoreinfo": o.GenerateVmcoreInfo = x.Value; break;
                    case "config": o.FilterConfig = x.Value; break;
                    case "dry-run": o.DryRun = true; break;
                    case "show-stats": stats = true; break;
                    case "debug": debug = true; break;
                    case "check-params": o.CheckParams = true; break;
                    case "size-limit": o.SizeLimit = SizeLimit(x.Value!); break;
                    // Tuning knobs of 1.7.2's buffers; 0 is its "choose for me" (info->bufsize_cyclic,
                    // info->splitblock_size left 0 are computed), so it is accepted.
                    case "cache-order": Int(x, 0, 30, "-b"); break;
                    case "cyclic-buffer":
                        // 0 leaves the size to 1.7.2 (its default); treated as not given (not measured).
                        int cyclic = Int(x, 0, int.MaxValue, "--cyclic-buffer");
                        o.CyclicBufferKiB = cyclic == 0 ? (int?)null : cyclic;
                        break;
                    case "splitblock-size": Int(x, 0, int.MaxValue, "--splitblock-size"); break;
                    // Checked when a mode opens it, as 1.7.2's open_dump_bitmap() does: --check-params
                    // runs in the first kernel, where the kdump kernel's work directory may not exist.
                    case "work-dir": o.WorkDir = x.Value; break;
                    case "vtop":
                        // 1.7.2: strtoul(optarg, NULL, 0); 0 asks for nothing (print_vtop() returns).
                        if (!NumberParser.TryParse(x.Value, out ulong vtop)) throw new UsageException($"--vtop {x.Value}: not an address (decimal, or hex with 0x)");
                        o.Vtop = vtop == 0 ? (ulong?)null : vtop;
                        break;
                    case "zlib-level": zlibLevel = Int(x, 1, CompressionTuning.MaxZlibLevel, "--zlib-level"); break;
                    case "zstd-level": zstdLevel = Int(x, 1, CompressionTuning.MaxZstdLevel, "--zstd-level"); break;
                    case "zlib-strategy": strategy = Strategy(x.Value!); break;
                    case "jump-back-entry":
                        if (!NumberParser.TryParseHex(x.Value!, out ulong e)) throw new UsageException($"--jump-back-entry {x.Value} is not a hexadecimal address");
                        o.JumpBackEntry = e;
                        break;
                    default:
                        if (x.Option.Compatibility == Compatibility.NotApplicable)
                            throw new UsageException(x.Option.Note!);
                        break;
                }
            }
            // makedumpfile: -D adds debug messages, --show-stats the report, to the message level;
            // --check-params puts the default level back, so its answer is never silenced.
            if (debug) o.MessageLevel |= ToolHost.Output.MessageLevel.Debug;
            if (stats) o.MessageLevel |= ToolHost.Output.MessageLevel.Report;
            if (o.CheckParams) o.MessageLevel = ToolHost.Output.MessageLevel.Default;
            o.Paths.AddRange(p.Operands);
            if ((zlibLevel != null || strategy != null) && o.Compression != PageCompression.Zlib)
                throw new UsageException("--zlib-level and --zlib-strategy go with -c");
            if (zstdLevel != null && o.Compression != PageCompression.Zstd)
                throw new UsageException("--zstd-level goes with -z");
            o.Tuning = new CompressionTuning(zlibLevel ?? CompressionTuning.DefaultZlibLevel, strategy ?? ZlibStrategy.Default,
                zstdLevel ?? CompressionTuning.DefaultZstdLevel);
            if (o.Threads == 0) o.Threads = Environment.ProcessorCount;
            return o;
        }

        /// <summary>Most dump levels one -d takes (1.7.2's NUM_ARRAY_DUMP_LEVEL, MAX_DUMP_LEVEL + 1).</summary>
        public const int MaxDumpLevels = 32;

        /// <summary>
        /// -d DL or -d DL1,DL2,...: 1.7.2's parse_dump_level() splits at ',' (empty parts are
        /// skipped, as strtok skips them) and takes each level in 0-31, the first to begin with.
        /// </summary>
        private static List<int> DumpLevelList(string text)
        {
            var levels = new List<int>();
            foreach (string part in text.Split(','))
            {
                if (part.Length == 0) continue;
                if (!NumberParser.TryParseDecimal(part, ulong.MaxValue, out ulong v))
                    throw new UsageException($"dump level '{part}' is not a number");
                if (v > (ulong)DumpLevel.Max) throw new UsageException($"dump level {v} is not in 0-{DumpLevel.Max}");
                if (levels.Count == MaxDumpLevels) throw new UsageException($"-d {text}: at most {MaxDumpLevels} dump levels");
                levels.Add((int)v);
            }
            if (levels.Count == 0) throw new UsageException($"-d '{text}' names no dump level");
            return levels;
        }

        /// <summary>
        /// -L SIZE as 1.7.2's memparse() reads it: a number (decimal, or hex with 0x) with an
        /// optional K, M, G, T, P or E; nothing may follow, and 0 is refused ("Limit size(0) is invalid.").
        /// </summary>
        private static long SizeLimit(string text)
        {
            if (!NumberParser.TryParseSize(text, out ulong limit) || limit == 0 || limit > long.MaxValue)
                throw new UsageException($"-L {text}: not a size in bytes (a number with an optional K, M, G, T, P or E)");
            return (long)limit;
        }

        private static ZlibStrategy Strategy(string name) => name switch
        {
            "default" => ZlibStrategy.Default,
            "filtered" => ZlibStrategy.Filtered,
            "huffman" => ZlibStrategy.HuffmanOnly,
            "rle" => ZlibStrategy.Rle,
            "fixed" => ZlibStrategy.Fixed,
            _ => throw new UsageException($"--zlib-strategy {name}: not one of default, filtered, huffman, rle, fixed"),
        };

        /// <summary>A whole decimal number in range, as makedumpfile's atoi/strtol checks take it.</summary>
        private static int Int(ParsedCommandLine.Occurrence x, int min, int max, string what)
        {
            if (!NumberParser.TryParseDecimal(x.Value, int.MaxValue, out ulong v))
                throw new UsageException($"{what} '{x.Value}' is not a number");
            if ((int)v < min || (int)v > max)
                throw new UsageException($"{what} {v} is not in {min}-{max}");
            return (int)v;
        }
    }
}
