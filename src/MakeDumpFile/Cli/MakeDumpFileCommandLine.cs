using System;
using System.IO;
using Common.DumpFormats.Compression;
using MakeDumpFile.Output;
using ToolHost.CommandLine;
using ToolHost.Numbers;

namespace MakeDumpFile.Cli
{
    /// <summary>
    /// The getopt_long result as makedumpfile's main() and check_param_*() read it: the last
    /// value of a repeated option wins, and combinations 1.7.2 refuses are usage errors (exit 1).
    /// </summary>
    internal static class MakeDumpFileCommandLine
    {
        public static MakeDumpFileOptions ToOptions(ParsedCommandLine p)
        {
            var o = new MakeDumpFileOptions();
            int compressors = 0;
            bool debug = false, stats = false;
            int? zlibLevel = null, zstdLevel = null;
            ZlibStrategy? strategy = null;
            foreach (ParsedCommandLine.Occurrence x in p.Occurrences)
            {
                switch (x.Option.Key)
                {
                    case "zlib": o.Compression = PageCompression.Zlib; compressors++; break;
                    case "lzo": o.Compression = PageCompression.Lzo; compressors++; break;
                    case "snappy": o.Compression = PageCompression.Snappy; compressors++; break;
                    case "zstd": o.Compression = PageCompression.Zstd; compressors++; break;
                    case "elf": o.Elf = true; break;
                    case "dump-level": o.DumpLevel = Int(x, 0, 31, "dump level"); break;
                    case "flatten": o.Flatten = true; break;
                    case "rearrange": o.Rebuild = true; break;
                    case "force": o.Force = true; break;
                    case "split": o.Split = true; break;
                    case "reassemble": o.Reassemble = true; break;
                    case "dump-dmesg": o.DumpDmesg = true; break;
                    case "partial-dmesg": o.PartialDmesg = true; break;
                    case "mem-usage": o.MemUsage = true; break;
                    case "message-level": o.MessageLevel = Int(x, 0, 31, "message level"); break;
                    case "num-threads": o.Threads = Int(x, 1, 256, "--num-threads"); break;
                    case "dry-run": o.DryRun = true; break;
                    case "show-stats": stats = true; break;
                    case "debug": debug = true; break;
                    case "size-limit":
                        if (!NumberParser.TryParseSize(x.Value!, out ulong limit) || limit == 0 || limit > long.MaxValue)
                            throw new UsageException($"-L {x.Value}: not a size in bytes");
                        o.SizeLimit = (long)limit;
                        break;
                    case "cache-order": Int(x, 0, 30, "-b"); break;
                    case "cyclic-buffer": o.CyclicBufferKiB = Int(x, 1, int.MaxValue, "--cyclic-buffer"); break;
                    case "splitblock-size": Int(x, 1, int.MaxValue, "--splitblock-size"); break;
                    case "work-dir":
                        if (!Directory.Exists(x.Value)) throw new UsageException($"--work-dir {x.Value}: No such directory");
                        o.WorkDir = x.Value;
                        break;
                    case "zlib-level": zlibLevel = Int(x, 1, CompressionTuning.MaxZlibLevel, "--zlib-level"); break;
                    case "zstd-level": zstdLevel = Int(x, 1, CompressionTuning.MaxZstdLevel, "--zstd-level"); break;
                    case "zlib-strategy": strategy = Strategy(x.Value!); break;
                    case "jump-back-entry":
                        if (!Jump.JumpBackEntry.TryParseHex(x.Value!, out ulong e)) throw new UsageException($"--jump-back-entry {x.Value} is not a hexadecimal address");
                        o.JumpBackEntry = e;
                        break;
                    default:
                        if (x.Option.Compatibility == Compatibility.NotApplicable)
                            throw new UsageException(x.Option.Note!);
                        break;
                }
            }
            // makedumpfile: -D adds debug messages, --show-stats the report, to the message level.
            if (debug) o.MessageLevel |= Messages.Debug;
            if (stats) o.MessageLevel |= Messages.Report;
            o.Paths.AddRange(p.Operands);
            if (compressors > 1) throw new UsageException("choose one of -c, -l, -p and -z");
            if (compressors > 0 && o.Elf) throw new UsageException("-E cannot be combined with -c, -l, -p or -z");
            if (o.Flatten && (o.Split || o.Rebuild)) throw new UsageException("-F cannot be combined with --split or -R");
            if (o.DryRun && (o.DumpDmesg || o.Reassemble)) throw new UsageException("--dry-run cannot be used with --dump-dmesg or --reassemble");
            if (o.PartialDmesg && !o.DumpDmesg) throw new UsageException("--partial-dmesg goes with --dump-dmesg");
            if ((zlibLevel != null || strategy != null) && o.Compression != PageCompression.Zlib)
                throw new UsageException("--zlib-level and --zlib-strategy go with -c");
            if (zstdLevel != null && o.Compression != PageCompression.Zstd)
                throw new UsageException("--zstd-level goes with -z");
            o.Tuning = new CompressionTuning(zlibLevel ?? CompressionTuning.DefaultZlibLevel, strategy ?? ZlibStrategy.Default,
                zstdLevel ?? CompressionTuning.DefaultZstdLevel);
            if (o.Threads == 0) o.Threads = Environment.ProcessorCount;
            return o;
        }

        /// <summary>--check-params: the operands each mode needs (the modes check the same when they run).</summary>
        public static int CheckOperands(MakeDumpFileOptions o)
        {
            int n = o.Paths.Count;
            bool ok = o.Rebuild ? n == 1
                : o.Reassemble ? n >= 3
                : o.DumpDmesg ? n == 2
                : o.MemUsage ? n == 1
                : o.Split ? n >= 3
                : n >= (o.Flatten ? 1 : 2);
            if (!ok) throw new UsageException($"wrong number of files ({n}) for this mode (see --help)");
            return 0;
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
            if (!ulong.TryParse(x.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong v) || v > int.MaxValue)
                throw new UsageException($"{what} '{x.Value}' is not a number");
            if ((int)v < min || (int)v > max)
                throw new UsageException(min == 1 && max == 256 ? $"{what} {v} is not in 1-256" : $"{what} {v} is not in {min}-{max}");
            return (int)v;
        }
    }
}
