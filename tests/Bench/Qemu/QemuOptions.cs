using System;
using System.Collections.Generic;

namespace Bench.Qemu
{
    /// <summary>How to start one bench VM.</summary>
    public sealed record QemuOptions
    {
        /// <summary>"x86_64" or "i386": picks qemu-system-x86_64 or qemu-system-i386.</summary>
        public string Arch { get; init; } = "x86_64";
        public required string Kernel { get; init; }
        public string? Initrd { get; init; }
        public string Append { get; init; } = "console=ttyS0 panic=-1";
        public int MemoryMiB { get; init; } = 512;
        public int Cpus { get; init; } = 1;
        /// <summary>A raw image attached as a virtio disk (/dev/vda in the guest).</summary>
        public string? Disk { get; init; }
        /// <summary>Writes to <see cref="Disk"/> go to a temporary overlay (QEMU snapshot=on): the image stays as it was.</summary>
        public bool DiskSnapshot { get; init; }
        /// <summary>Adds -device vmcoreinfo so dump-guest-memory writes the guest's VMCOREINFO note.</summary>
        public bool VmcoreInfoDevice { get; init; } = true;
        public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);
        public IReadOnlyList<string> ExtraArgs { get; init; } = Array.Empty<string>();
    }
}
