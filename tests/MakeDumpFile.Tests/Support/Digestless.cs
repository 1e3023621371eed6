using System;
using System.IO;
using Common.DumpFormats;
using Common.DumpFormats.Integrity;

namespace MakeDumpFile.Tests.Support
{
    /// <summary>
    /// Our images without their digest trailer: what another writer's file looks like, so that
    /// tests of the format parsers reach the parsers (a damaged image of ours is refused by its
    /// digests before they read it).
    /// </summary>
    internal static class Digestless
    {
        public static byte[] Of(string path)
        {
            byte[] all = File.ReadAllBytes(path);
            using var f = new PositionalFile(path);
            DigestTrailer? t = DigestTrailer.Read(f);
            return t == null ? all : all.AsSpan(0, (int)t.CoveredLength).ToArray();
        }

        public static void Strip(string path) => File.WriteAllBytes(path, Of(path));
    }
}
