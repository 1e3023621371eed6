using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TestSupport;

namespace Bench.Fixtures
{
    /// <summary>
    /// Makes the Debian 6.1 vmcores of TestSupport.DebianVariantFixture (LA57, hugetlb) with
    /// make-debian-fixture.sh, about a minute of TCG each, once: the file is kept in the cache
    /// for as long as Debian's kernel stays the same.
    /// </summary>
    public static class DebianVariantMaker
    {
        public static string Make(DebianVariantFixture fixture, Action<string>? log = null)
        {
            if (File.Exists(fixture.Elf)) return fixture.Elf;
            Directory.CreateDirectory(DebianVariantFixture.Folder);
            using var _ = CacheLock.Acquire("fixture-" + fixture.Name, TimeSpan.FromMinutes(15));
            if (File.Exists(fixture.Elf)) return fixture.Elf;
            log?.Invoke($"making fixture {fixture.Name} (Debian's kernel, -cpu {fixture.Cpu}{(fixture.Append.Length > 0 ? ", " + fixture.Append : "")})");
            DebianKernel k = DebianKernel.Get();
            string fwcfg = k.ModulesWithDependencies("qemu_fw_cfg").Last();
            string script = Path.Combine(BenchPaths.RepoRoot, "tests", "Bench", "Fixtures", "make-debian-fixture.sh");
            var env = new Dictionary<string, string> { ["CPU"] = fixture.Cpu, ["APPEND"] = fixture.Append, ["OUT"] = DebianVariantFixture.Folder };
            ProcessRunner.Result r = ProcessRunner.Run("bash", new[] { script, fixture.Name, k.BzImage, fwcfg }, TimeSpan.FromMinutes(10), env: env);
            if (r.ExitCode != 0 || !File.Exists(fixture.Elf))
                throw new BenchException($"could not make the {fixture.Name} fixture (exit {r.ExitCode}): {r.StdErr.Trim()}");
            return fixture.Elf;
        }
    }
}
