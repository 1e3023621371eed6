using System;
using Common.Vmcore;

namespace MakeDumpFile.Kernel
{
    /// <summary>
    /// A decimal VMCOREINFO value that the kernel analysis uses as a size, an offset or a bit
    /// number: refused unless it lies in the range the caller can use, so that a bad note is one
    /// error line (KernelDataException) rather than a read outside a buffer later.
    /// </summary>
    internal static class VmcoreInfoRange
    {
        /// <summary>The value of KEY, MIN to MAX; missing is an error.</summary>
        public static long Require(VmcoreInfo info, string key, long min, long max) =>
            Optional(info, key, min, max) ?? throw new KernelDataException($"VMCOREINFO lacks {key}");

        /// <summary>The value of KEY, MIN to MAX; null when the kernel does not export it.</summary>
        public static int? Optional(VmcoreInfo info, string key, long min, long max)
        {
            long? v;
            try { v = info.Decimal(key); }
            catch (FormatException e) { throw new KernelDataException(e.Message); }
            if (!v.HasValue) return null;
            if (v.Value < min || v.Value > max)
                throw new KernelDataException($"VMCOREINFO {key}={v.Value} is out of range ({min}..{max})");
            return (int)v.Value;
        }
    }
}
