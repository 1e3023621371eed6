using System;
using Bench.Build;
using Bench.Qemu;

namespace Bench.Flows
{
    /// <summary>
    /// /proc/kimgcore as a channel (issue 5, flow 3): after returning from B, A finds a string
    /// B keeps in a file of its tmpfs by searching /proc/kimgcore (B's memory, held in A's
    /// image pages), writes a message of the same length over it, jumps to B, and B reads the
    /// message from its file.
    /// </summary>
    public static class KimgcoreChannelFlow
    {
        public sealed record Result(ConsoleLog Log, string BState, string Message);

        /// <param name="layout">The guest architecture's layout; null: x86_64.</param>
        public static Result Run(Action<string>? log = null, JumpLayout? layout = null)
        {
            layout ??= JumpLayout.X86_64;
            var state = new SplitMarker("BSTATE-");
            var message = new SplitMarker("ANOTE--");
            string bScript = $@"
{JumpLayout.ReadEntry}
echo {state.ShellExpression} > /tmp/bstate
step b-helper kexec --load-jump-back-helper=""$entry""
step b-jump-back-1 kexec -e
step b-bstate cat /tmp/bstate
step b-jump-back-2 kexec -e
";
            ConsoleLog result = Guest.Run(layout.GuestA("kimgcore-channel", TimeSpan.FromMinutes(6), $@"
step a-load {layout.LoadB("kimgcore")}
step a-jump-1 kexec -e
step a-kimgcore-header sh -c 'head -c 64 /proc/kimgcore | od -A d -t x1 | head -2'
state={state.ShellExpression}
message={message.ShellExpression}
step a-find sh -c ""findoff /proc/kimgcore $state > /tmp/offsets; cat /tmp/offsets""
step a-write sh -c 'for off in $(cat /tmp/offsets); do printf %s ""$1"" | dd of=/proc/kimgcore bs=1 seek=$off conv=notrunc 2>/dev/null || exit 1; done' - ""$message""
step a-verify sh -c ""findoff /proc/kimgcore $message | wc -l""
step a-jump-2 kexec -e
",
            (initramfs, work) =>
                {
                    layout.PackB(bScript)(initramfs, work);
                    initramfs.AddHostFile("/usr/bin/findoff", layout.FindOff(), 0x1ED);
                }), log);
            return new Result(result, state.Whole, message.Whole);
        }
    }
}
