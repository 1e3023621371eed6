using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kexec.Tests.Support;
using TestSupport;
using Xunit;

namespace Kexec.Tests.Comparison
{
    /// <summary>
    /// Debian's kexec-tools 2.0.25 against our --dry-run plan, both reading the same captured
    /// guest: kexec-tools runs in a private mount namespace with the guest's /proc and /sys
    /// bind-mounted, under strace, which shows its kexec_load and injects success so nothing is
    /// loaded. Differences that are on purpose are listed in docs/kexec-vs-kexec-tools.md.
    /// </summary>
    public class KexecToolsComparisonTests
    {
        private const string Guest = "qemu-512M-crashkernel";

        private sealed record Seg(ulong BufSize, ulong Mem, ulong MemSize);

        private static (ulong Entry, List<Seg> Segments, string Flags) KexecTools(params string[] args)
        {
            string root = Repo.Data(Guest);
            string inner = $"mount --bind {root}/proc /proc && mount --bind {root}/sys /sys && " +
                           "strace -f -e trace=kexec_load -e inject=kexec_load:retval=0 -e signal=none /sbin/kexec " + string.Join(" ", args.Select(a => "'" + a + "'"));
            ProcessRunner.Result r = ProcessRunner.Run("unshare", new[] { "-m", "bash", "-c", inner }, System.TimeSpan.FromMinutes(2));
            string output = r.StdErr + r.StdOut;
            var call = Regex.Match(output, @"kexec_load\((0x[0-9a-f]+), (\d+), \[(.*)\], ([A-Z_0-9|]+)\) = 0 \(INJECTED\)");
            Assert.True(call.Success, "no kexec_load from kexec-tools:\n" + output);
            var segs = Regex.Matches(call.Groups[3].Value, @"\{buf=0x[0-9a-f]+, bufsz=(\d+), mem=0x([0-9a-f]+), memsz=(\d+)\}")
                .Select(m => new Seg(ulong.Parse(m.Groups[1].Value), ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber), ulong.Parse(m.Groups[3].Value))).ToList();
            Assert.Equal(int.Parse(call.Groups[2].Value), segs.Count);
            return (ulong.Parse(call.Groups[1].Value.Substring(2), NumberStyles.HexNumber), segs, call.Groups[4].Value);
        }

        private static List<(string Role, Seg Seg)> Ours(JsonElement plan) =>
            plan.GetProperty("segments").EnumerateArray().Select(s => (s.GetProperty("role").GetString()!,
                new Seg(s.GetProperty("bufsz").GetUInt64(), s.GetProperty("mem").GetUInt64(), s.GetProperty("memsz").GetUInt64()))).ToList();

        [Fact]
        public void PlainLoadCarriesTheSameKernelAndInitrd()
        {
            string initrd = Repo.Data("capture-init.sh");
            var theirs = KexecTools("-l", BenchKernel.BzImage, "--initrd=" + initrd, "--append=console=ttyS0");
            var ours = Ours(Kx.Run(Guest, "-l", BenchKernel.BzImage, "--initrd=" + initrd, "--append=console=ttyS0", "--dry-run", "--json").Json());
            Assert.Equal("KEXEC_ARCH_X86_64", theirs.Flags);

            // The protected-mode kernel: same bytes count and the same memsz (init_size) in both.
            var theirKernel = theirs.Segments.OrderByDescending(s => s.BufSize).First();
            var ourKernel = ours.Single(s => s.Role == "kernel").Seg;
            Assert.Equal(theirKernel.BufSize, ourKernel.BufSize);
            Assert.Equal(theirKernel.MemSize, ourKernel.MemSize);
            // The initrd, unchanged.
            Assert.Contains(theirs.Segments, s => s.BufSize == 989);
            Assert.Equal(989UL, ours.Single(s => s.Role == "initrd").Seg.BufSize);
            // Both enter a purgatory, not the kernel: the entry lies in a segment that is neither kernel nor initrd.
            var theirEntrySeg = theirs.Segments.Single(s => theirs.Entry >= s.Mem && theirs.Entry < s.Mem + s.MemSize);
            Assert.NotEqual(theirKernel, theirEntrySeg);
            // Kernel, initrd, boot data, purgatory in both; kexec-tools adds one 48-byte page of its own.
            Assert.Equal(4, ours.Count);
            Assert.Equal(5, theirs.Segments.Count);
            Assert.Single(theirs.Segments, s => s.BufSize == 48);
        }

        [Fact]
        public void PanicLoadStaysInTheCrashRegionInBoth()
        {
            string initrd = Repo.Data("capture-init.sh");
            var theirs = KexecTools("-p", BenchKernel.BzImage, "--initrd=" + initrd, "--append=console=ttyS0");
            var plan = Kx.Run(Guest, "-p", BenchKernel.BzImage, "--initrd=" + initrd, "--append=console=ttyS0", "--dry-run", "--json").Json();
            var ours = Ours(plan);
            Assert.Equal("KEXEC_ARCH_X86_64|KEXEC_ON_CRASH", theirs.Flags);
            Assert.Equal((62u << 16) | 1u, plan.GetProperty("flags").GetUInt32());
            foreach (var s in theirs.Segments.Concat(ours.Select(o => o.Seg)))
                Assert.InRange(s.Mem, 0x1b000000UL, 0x1f000000UL - s.MemSize);

            var theirKernel = theirs.Segments.OrderByDescending(s => s.MemSize).First();
            var ourKernel = ours.Single(s => s.Role == "kernel").Seg;
            Assert.Equal(theirKernel.BufSize, ourKernel.BufSize);
            Assert.Equal(theirKernel.MemSize, ourKernel.MemSize);
            // Both pass an ELF core header: kexec-tools in a fixed 1 KiB buffer, ours sized to its headers.
            Assert.Contains(theirs.Segments, s => s.BufSize == 1024);
            var hdr = ours.Single(s => s.Role == "elfcorehdr").Seg;
            Assert.Equal(64UL + 56 * 6, hdr.BufSize); // 3 notes, kernel text, 2 RAM ranges
            // kexec-tools also copies the low 640 KiB to a backup segment; 6.12 needs none (see the doc).
            Assert.Contains(theirs.Segments, s => s.BufSize == 0x9fc00 - 0x1000);
            Assert.DoesNotContain(ours, s => s.Seg.BufSize == 0x9fc00 - 0x1000);
            Assert.Matches(@"elfcorehdr=\d+K@\d+K", plan.GetProperty("commandLine").GetString());
        }
    }
}
