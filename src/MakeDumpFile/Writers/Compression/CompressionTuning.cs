using System;

namespace MakeDumpFile.Writers.Compression
{
    /// <summary>
    /// How hard the zlib (-c) and zstd (-z) page compressors work (makedumpfile's
    /// --zlib-level, --zlib-strategy and --zstd-level). Any setting gives pages every zlib or
    /// zstd decoder reads; only their size and the time spent differ.
    /// </summary>
    public sealed class CompressionTuning
    {
        /// <summary>
        /// The default zlib level. makedumpfile 1.7.2 calls compress2(..., Z_BEST_SPEED), level 1
        /// of classic zlib (deflate_fast). .NET 9+ ships zlib-ng, whose level 1 is deflate_quick
        /// (static Huffman codes only): about 3x faster than its level 2 but ~25% larger on
        /// kernel pages than classic zlib's level 1. zlib-ng's level 2 is its deflate_fast,
        /// about classic level 1's speed and 1-2% larger on the bench's vmcores (-d 31); its
        /// level 5 (deflate_medium) is the lowest level whose files are no larger than 1.7.2's
        /// (about 2% smaller) at about classic level 1's CPU time per page. Figures:
        /// docs/makedumpfile.md, tests/MakeDumpFile.Tests/Benchmark.
        /// </summary>
        public const int DefaultZlibLevel = 5;

        /// <summary>zstd's fastest regular level, what -z has always used here.</summary>
        public const int DefaultZstdLevel = 1;

        public const int MaxZlibLevel = 9;
        public const int MaxZstdLevel = 22;

        public static readonly CompressionTuning Default = new CompressionTuning();

        public CompressionTuning(int zlibLevel = DefaultZlibLevel, ZlibStrategy zlibStrategy = ZlibStrategy.Default, int zstdLevel = DefaultZstdLevel)
        {
            if (zlibLevel < 1 || zlibLevel > MaxZlibLevel) throw new ArgumentOutOfRangeException(nameof(zlibLevel));
            if (zstdLevel < 1 || zstdLevel > MaxZstdLevel) throw new ArgumentOutOfRangeException(nameof(zstdLevel));
            ZlibLevel = zlibLevel;
            ZlibStrategy = zlibStrategy;
            ZstdLevel = zstdLevel;
        }

        public int ZlibLevel { get; }
        public ZlibStrategy ZlibStrategy { get; }
        public int ZstdLevel { get; }
    }
}
