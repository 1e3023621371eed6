using System;
using System.IO;

namespace TestSupport
{
    /// <summary>
    /// The stable names in the cache (fixtures/vmcore-6.12-x86_64, i386-makedumpfile/prepared)
    /// are symbolic links to the folder of the current key, which `bench prepare` points anew.
    /// </summary>
    public static class CacheLink
    {
        /// <summary>
        /// Points <paramref name="link"/> at <paramref name="target"/>. Several bench runs share
        /// the cache, so a link that is already right is left alone and a wrong one is replaced
        /// by rename(2) (mv -T), never deleted first: a reader in another run always finds
        /// either the old link or the new one, not a gap.
        /// </summary>
        public static void Point(string link, string target)
        {
            if (Target(link) == target) return;
            string temporary = link + "." + Environment.ProcessId + ".tmp";
            if (Target(temporary) != null) File.Delete(temporary);
            File.CreateSymbolicLink(temporary, target);
            ProcessRunner.RunChecked("mv", new[] { "-T", "-f", temporary, link }, TimeSpan.FromMinutes(1));
        }

        /// <summary>Where a link points; null when the path is no link.</summary>
        public static string? Target(string path) => new FileInfo(path).LinkTarget;
    }
}
