using System;
using System.CommandLine;
using System.IO;
using Common;
using Common.DumpFormats;
using Common.DumpFormats.Compression;
using MakeDumpFile.Cli;
using MakeDumpFile.Kernel;
using MakeDumpFile.Output;

namespace MakeDumpFile
{
    internal static class Program
    {
        private static int Main(string[] args)
        {
            var root = new RootCommand("Save the memory image of another kernel, leaving out pages nobody needs (makedumpfile-compatible).");
            for (int i = root.Options.Count - 1; i >= 0; i--)
                if (root.Options[i] is VersionOption) root.Options.RemoveAt(i);
            var version = new Option<bool>("--version", "-v") { Description = "Print the version and exit." };
            var zlib = new Option<bool>("-c") { Description = "Compress pages with zlib (kdump-compressed output)." };
            var lzo = new Option<bool>("-l") { Description = "Compress pages with LZO." };
            var snappy = new Option<bool>("-p") { Description = "Compress pages with snappy." };
            var zstd = new Option<bool>("-z") { Description = "Compress pages with zstd." };
            var elf = new Option<bool>("-E") { Description = "Write an ELF core instead of kdump-compressed." };
            var level = new Option<int>("-d") { Description = "Dump level 0-31: 1 zero, 2 cache, 4 private cache, 8 user data, 16 free pages." };
            var flatten = new Option<bool>("-F") { Description = "Write the dump to standard output in the flattened format." };
            var rebuild = new Option<bool>("-R") { Description = "Rebuild DUMPFILE from a flattened stream on standard input." };
            var force = new Option<bool>("-f") { Description = "Overwrite an existing DUMPFILE." };
            var split = new Option<bool>("--split") { Description = "Split the dump into the DUMPFILEs given." };
            var reassemble = new Option<bool>("--reassemble") { Description = "Join split DUMPFILEs into the last file named." };
            var dmesg = new Option<bool>("--dump-dmesg") { Description = "Write the kernel log of VMCORE to LOGFILE." };
            var memUsage = new Option<bool>("--mem-usage") { Description = "Show how the memory of VMCORE is used, by page type." };
            var messageLevel = new Option<int>("--message-level") { Description = "Bits: 1 progress, 2 messages, 4 errors, 8 debug, 16 report.", DefaultValueFactory = _ => Messages.DefaultLevel };
            var threads = new Option<int>("--num-threads") { Description = "Threads compressing pages (default: one per CPU)." };
            var jumpBack = new Option<string>("--jump-back-entry") { Description = "Kernel A's jump-back entry (hex) for the KEXEC_JUMP note; default: kexec_jump_back_entry= in /proc/cmdline (our extension)." };
            var paths = new Argument<string[]>("paths") { Description = "VMCORE DUMPFILE (or as the mode needs)", Arity = ArgumentArity.ZeroOrMore };
            foreach (Option opt in new Option[] { version, zlib, lzo, snappy, zstd, elf, level, flatten, rebuild, force, split, reassemble, dmesg, memUsage, messageLevel, threads, jumpBack })
                root.Options.Add(opt);
            root.Arguments.Add(paths);

            root.SetAction(parse =>
            {
                if (parse.GetValue(version))
                {
                    Console.WriteLine(ToolVersion.Line("makedumpfile"));
                    return 0;
                }
                var o = new MakeDumpFileOptions
                {
                    DumpLevel = parse.GetValue(level),
                    Elf = parse.GetValue(elf),
                    Flatten = parse.GetValue(flatten),
                    Rebuild = parse.GetValue(rebuild),
                    Force = parse.GetValue(force),
                    Split = parse.GetValue(split),
                    Reassemble = parse.GetValue(reassemble),
                    DumpDmesg = parse.GetValue(dmesg),
                    MemUsage = parse.GetValue(memUsage),
                    MessageLevel = parse.GetValue(messageLevel),
                    Threads = parse.GetValue(threads),
                };
                o.Paths.AddRange(parse.GetValue(paths) ?? Array.Empty<string>());
                int compressors = 0;
                if (parse.GetValue(zlib)) { o.Compression = PageCompression.Zlib; compressors++; }
                if (parse.GetValue(lzo)) { o.Compression = PageCompression.Lzo; compressors++; }
                if (parse.GetValue(snappy)) { o.Compression = PageCompression.Snappy; compressors++; }
                if (parse.GetValue(zstd)) { o.Compression = PageCompression.Zstd; compressors++; }
                var m = new Messages(o.MessageLevel, o.Flatten);
                try
                {
                    if (compressors > 1) throw new UsageException("choose one of -c, -l, -p and -z");
                    if (compressors > 0 && o.Elf) throw new UsageException("-E cannot be combined with -c, -l, -p or -z");
                    if (o.DumpLevel < 0 || o.DumpLevel > 31) throw new UsageException($"dump level {o.DumpLevel} is not in 0-31");
                    if (o.MessageLevel < 0 || o.MessageLevel > 31) throw new UsageException($"message level {o.MessageLevel} is not in 0-31");
                    if (o.Threads < 0 || o.Threads > 256) throw new UsageException($"--num-threads {o.Threads} is not in 1-256");
                    string? entry = parse.GetValue(jumpBack);
                    if (entry != null)
                    {
                        if (!Jump.JumpBackEntry.TryParseHex(entry, out ulong e)) throw new UsageException($"--jump-back-entry {entry} is not a hexadecimal address");
                        o.JumpBackEntry = e;
                    }
                    if (o.Threads == 0) o.Threads = Environment.ProcessorCount;
                    if (o.Flatten && (o.Split || o.Rebuild)) throw new UsageException("-F cannot be combined with --split or -R");
                    if (o.Rebuild) return RebuildCommand.Run(o, m);
                    if (o.Reassemble) return SplitCommands.Reassemble(o, m);
                    if (o.DumpDmesg) return Dmesg.DmesgCommand.Run(o, m);
                    if (o.MemUsage) return MemUsageCommand.Run(o, m);
                    if (o.Split) return SplitCommands.Split(o, m);
                    return DumpCommand.Run(o, m);
                }
                catch (UsageException e) { return Fail(m, e.Message, 2); }
                catch (DumpFormatException e) { return Fail(m, e.Message, 1); }
                catch (KernelDataException e) { return Fail(m, e.Message, 1); }
                catch (Common.DumpFormats.Output.DiskFullException e) { return Fail(m, e.Message, 1); }
                catch (IOException e) { return Fail(m, e.Message, 1); }
                catch (UnauthorizedAccessException e) { return Fail(m, e.Message, 1); }
            });
            return root.Parse(args).Invoke();
        }

        private static int Fail(Messages m, string message, int code)
        {
            m.ErrorLine(message);
            m.Info("\nmakedumpfile Failed.\n");
            return code;
        }
    }
}
